import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import { AI_FIELDS, COLD_START_MIN_PER_CLASS, type AiField, type ModelReport } from '../../../../shared/ai.js';
import { serialiseClassifier, trainClassifier, type Example } from '../model/classifier.js';
import { crossValidate } from '../model/evaluate.js';
import { bundledSentimentExamples, SENTIMENT_OPTIONS, surveySentimentExamples } from '../sentiment.js';
import type { ModelKind } from '../store.js';

/** A class needs this many labelled tickets to be learned at all (below it, it is left out). */
export const MIN_TRAIN_PER_CLASS = 3;
/** Survey comments a workspace needs before its own sentiment model replaces the default one. */
export const MIN_SURVEY_COMMENTS = 10;
const MAX_TICKETS = 20_000;

/** A ticket's text for the classifiers: its subject and its first customer messages. */
export function ticketText(subject: string, body: string | null): string {
  const plain = (body ?? '').replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ');
  return `${subject}\n${plain}`.slice(0, 3000);
}

/** The first customer messages of a ticket (SQL expression over alias t). */
export const FIRST_MESSAGES_SQL = `(SELECT string_agg(left(m.body, 1000), E'\\n' ORDER BY m.created_at)
   FROM (SELECT body, created_at FROM messages m WHERE m.workspace_id = t.workspace_id AND m.ticket_id = t.id AND m.direction = 'inbound'
         ORDER BY m.created_at LIMIT 3) m)`;

interface LabelledTicket {
  subject: string;
  body: string | null;
  category: string | null;
  team_id: string | null;
  priority: string;
  resolved: boolean;
  corrected: string[] | null;
}

/**
 * The labelled tickets per field: resolved ones (their final values), and any ticket whose AI
 * prediction an agent corrected (for the corrected field), so corrections teach the next model.
 */
export async function labelledExamples(db: Sql, workspaceId: string): Promise<Record<AiField, Example[]>> {
  const rows = await db.query<LabelledTicket>(
    `SELECT t.subject, t.category, t.team_id, t.priority, t.resolved_at IS NOT NULL AS resolved, ${FIRST_MESSAGES_SQL} AS body,
       (SELECT array_agg(p.field) FROM ai_predictions p WHERE p.workspace_id = t.workspace_id AND p.ticket_id = t.id AND p.corrected_to IS NOT NULL) AS corrected
     FROM tickets t
     WHERE t.workspace_id = $1 AND t.merged_into_id IS NULL
       AND (t.resolved_at IS NOT NULL OR EXISTS (SELECT 1 FROM ai_predictions p WHERE p.workspace_id = t.workspace_id AND p.ticket_id = t.id AND p.corrected_to IS NOT NULL))
     ORDER BY t.created_at DESC LIMIT ${MAX_TICKETS}`,
    [workspaceId],
  );
  const out: Record<AiField, Example[]> = { category: [], team: [], priority: [] };
  for (const r of rows) {
    const text = ticketText(r.subject, r.body);
    const values: Record<AiField, string | null> = { category: r.category, team: r.team_id, priority: r.priority };
    for (const field of AI_FIELDS) {
      if (!r.resolved && !(r.corrected ?? []).includes(field)) continue;
      const label = values[field];
      if (label) out[field].push({ text, label });
    }
  }
  return out;
}

export interface TrainOutcome {
  kind: ModelKind;
  status: 'trained' | 'not_enough_data' | 'failed';
  examples: number;
  version?: number;
  report?: ModelReport;
  message?: string;
}

async function recordStatus(db: Sql, workspaceId: string, o: TrainOutcome) {
  await db.query(
    `INSERT INTO ai_training_status (workspace_id, kind, status, detail, attempted_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (workspace_id, kind) DO UPDATE SET status = EXCLUDED.status, detail = EXCLUDED.detail, attempted_at = now()`,
    [workspaceId, o.kind, o.status, JSON.stringify({ examples: o.examples, message: o.message ?? null })],
  );
}

/** Cross-validates, trains on everything, and stores a new version with its per-class report. */
async function trainAndStore(db: Db, workspaceId: string, kind: ModelKind, all: Example[], names: Map<string, string>, options: object): Promise<TrainOutcome> {
  const counts = new Map<string, number>();
  for (const e of all) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const examples = all.filter((e) => (counts.get(e.label) ?? 0) >= MIN_TRAIN_PER_CLASS);
  const classes = [...counts].filter(([, c]) => c >= MIN_TRAIN_PER_CLASS);
  if (classes.length < 2 || examples.length < 10) {
    return { kind, status: 'not_enough_data', examples: all.length, message: `${classes.length} class(es) with at least ${MIN_TRAIN_PER_CLASS} labelled tickets` };
  }
  const folds = Math.min(5, Math.min(...classes.map(([, c]) => c)));
  const t0 = performance.now();
  const model = await trainClassifier(examples, options);
  const trainMs = Math.round(performance.now() - t0);
  // The folds reuse the choices the model's training made (NBSVM, softmax view) instead of making them
  // again in each fold: four trainings fewer per fold for a field with few classes.
  const chosen = { nbPower: model.options.nbPower, softmaxShare: model.options.softmaxShare, tune: false };
  const cv = folds >= 2 ? await crossValidate(examples, folds, { ...options, ...chosen, calibrationShare: 0 }) : null;
  const scores = new Map((cv?.perClass ?? []).map((c) => [c.label, c]));
  const report: ModelReport = {
    version: 0,
    trainedAt: new Date().toISOString(),
    examples: examples.length,
    trainMs,
    accuracy: cv ? cv.accuracy : null,
    macroF1: cv ? cv.macroF1 : null,
    folds: cv ? folds : 0,
    classes: model.labels.map((label) => {
      const s = scores.get(label);
      const support = counts.get(label) ?? 0;
      return { label, name: names.get(label), precision: s?.precision ?? 0, recall: s?.recall ?? 0, f1: s?.f1 ?? 0, support, ready: support >= COLD_START_MIN_PER_CLASS };
    }),
  };
  const version = await db.tx(async (tx) => {
    const v = await tx.one<{ v: number }>('SELECT coalesce(max(version), 0) + 1 AS v FROM ai_models WHERE workspace_id = $1 AND kind = $2', [workspaceId, kind]);
    const next = Number(v.v);
    report.version = next;
    await tx.query(
      `INSERT INTO ai_models (id, workspace_id, kind, version, weights, labels, report, examples, train_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), workspaceId, kind, next, serialiseClassifier(model), JSON.stringify(model.labels), JSON.stringify(report), examples.length, trainMs],
    );
    // Older versions beyond the last three are of no use (the newest is the one in use).
    await tx.query('DELETE FROM ai_models WHERE workspace_id = $1 AND kind = $2 AND version <= $3', [workspaceId, kind, next - 3]);
    await appendEvent(tx, {
      workspaceId,
      type: 'ai.model_trained',
      subjectType: 'setting',
      subjectId: workspaceId,
      actor: { kind: 'ai', workspaceId },
      data: { kind, version: next, examples: examples.length, accuracy: cv ? cv.accuracy : null },
    });
    return next;
  });
  return { kind, status: 'trained', examples: examples.length, version, report };
}

/** Trains every ticket-field model and the sentiment model of one workspace from its own data. */
export async function trainWorkspace(db: Db, workspaceId: string): Promise<TrainOutcome[]> {
  const outcomes: TrainOutcome[] = [];
  const byField = await labelledExamples(db, workspaceId);
  const teams = await db.query<{ id: string; name: string }>('SELECT id, name FROM teams WHERE workspace_id = $1', [workspaceId]);
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));
  for (const field of AI_FIELDS) {
    let o: TrainOutcome;
    try {
      o = await trainAndStore(db, workspaceId, field, byField[field], field === 'team' ? teamNames : new Map(), {});
    } catch (err) {
      o = { kind: field, status: 'failed', examples: byField[field].length, message: (err as Error).message };
    }
    await recordStatus(db, workspaceId, o);
    outcomes.push(o);
  }
  const comments = await surveySentimentExamples(db, workspaceId);
  let s: TrainOutcome;
  if (comments.length < MIN_SURVEY_COMMENTS) {
    s = { kind: 'sentiment', status: 'not_enough_data', examples: comments.length, message: `${comments.length} survey comments with a score (needs ${MIN_SURVEY_COMMENTS})` };
  } else {
    try {
      s = await trainAndStore(db, workspaceId, 'sentiment', [...bundledSentimentExamples(), ...comments], new Map(), SENTIMENT_OPTIONS);
    } catch (err) {
      s = { kind: 'sentiment', status: 'failed', examples: comments.length, message: (err as Error).message };
    }
  }
  await recordStatus(db, workspaceId, s);
  outcomes.push(s);
  return outcomes;
}
