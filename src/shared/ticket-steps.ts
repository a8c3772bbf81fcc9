/**
 * The five steps of PRODUCT §2 — Tiếp nhận → Xác minh → Chuyển bộ phận → Phản hồi → Đánh giá — as
 * facts about the ticket, not as its status: a step is done only when its condition holds now, and
 * a step not done says what is missing. The status (open / resolved / closed) is shown apart.
 * One pure function, used by the ticket page (and testable without a browser).
 */
import type { TicketDetail } from './tickets.js';

export const PROCESS_STEPS = ['received', 'verified', 'routed', 'responded', 'rated'] as const;
export type ProcessStep = (typeof PROCESS_STEPS)[number];

/** What keeps a step from being done (each has a text saying what to do, in the `steps` namespace). */
export type StepMissing =
  /** Verify: we do not know who the customer is (no phone number or email on the profile). */
  | 'customer_unidentified'
  /** Verify: we do not know what it is about (no category). */
  | 'no_category'
  /** Route: no department (team) holds the ticket. */
  | 'no_team'
  /** Respond: no public reply to the customer yet. */
  | 'no_reply'
  /** Rate: the survey goes out once the ticket is resolved. */
  | 'not_resolved'
  /** Rate: the survey is out; the customer has not answered. */
  | 'no_answer';

export interface StepState {
  step: ProcessStep;
  done: boolean;
  /** When it was done and by whom, when the record tells (null: unknown, or not done). */
  at: string | null;
  by: string | null;
  /** Done by a workflow (`by` is its name) or by the AI: the web says "Tự động: …" / "Tự động (AI)". */
  byKind?: 'automation' | 'ai' | null;
  missing: StepMissing[];
}

export interface TicketSteps {
  steps: StepState[];
  /** The first step not done: what to do to move on (null when all five are done). */
  next: StepState | null;
  doneCount: number;
  /** Shown apart from the steps. */
  status: 'open' | 'resolved' | 'closed';
}

/** What the steps are computed from (the ticket detail the API returns). */
export type StepsInput = Pick<TicketDetail, 'createdAt' | 'status' | 'category' | 'team' | 'firstResponseAt' | 'progress' | 'activity'> & {
  customer: Pick<TicketDetail['customer'], 'phone' | 'email'>;
};

const autoKind = (type: string | undefined): 'automation' | 'ai' | null => (type === 'automation' || type === 'ai' ? type : null);

/** The latest event of a type whose data matches, as when/who. */
function latest(t: StepsInput, type: string, match: (data: Record<string, unknown>) => boolean = () => true) {
  for (let i = t.activity.length - 1; i >= 0; i--) {
    const e = t.activity[i];
    if (e.type === type && match(e.data)) return { at: e.at, by: e.by?.name ?? null, byKind: autoKind(e.by?.type) };
  }
  return null;
}

const step = (s: ProcessStep, missing: StepMissing[], when: { at: string | null; by: string | null; byKind?: 'automation' | 'ai' | null } | null): StepState => {
  const done = missing.length === 0;
  return { step: s, done, at: done ? (when?.at ?? null) : null, by: done ? (when?.by ?? null) : null, ...(done && when?.byKind ? { byKind: when.byKind } : {}), missing };
};

/** The five steps of a ticket, each done only when its condition holds. */
export function ticketSteps(t: StepsInput): TicketSteps {
  const progress = (s: string) => t.progress.find((p) => p.step === s && p.reached);
  const received = progress('received');

  const verifyMissing: StepMissing[] = [];
  if (!t.customer.phone && !t.customer.email) verifyMissing.push('customer_unidentified');
  if (!t.category) verifyMissing.push('no_category');
  const verifiedBy = latest(t, 'ticket.category_changed', (d) => d.to != null) ?? latest(t, 'ticket.status_changed', (d) => d.to === 'verified');

  const routedBy = latest(t, 'ticket.team_changed', (d) => d.to != null) ?? latest(t, 'ticket.created', (d) => d.teamId != null);

  const responded = progress('responded');
  const rated = progress('rated');
  const closedOrResolved = t.status === 'resolved' || t.status === 'closed';

  const steps = [
    step('received', [], { at: received?.at ?? t.createdAt, by: received?.by?.name ?? null }),
    step('verified', verifyMissing, verifiedBy),
    step('routed', t.team ? [] : ['no_team'], routedBy),
    step('responded', t.firstResponseAt ? [] : ['no_reply'], { at: t.firstResponseAt, by: responded?.by?.name ?? null }),
    step('rated', rated ? [] : [closedOrResolved ? 'no_answer' : 'not_resolved'], rated ? { at: rated.at, by: rated.by?.name ?? null } : null),
  ];
  return {
    steps,
    next: steps.find((s) => !s.done) ?? null,
    doneCount: steps.filter((s) => s.done).length,
    status: t.status === 'resolved' ? 'resolved' : t.status === 'closed' ? 'closed' : 'open',
  };
}
