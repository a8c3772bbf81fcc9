import { z } from 'zod';

export const CALL_EVENTS = ['ringing', 'answered', 'ended', 'missed'] as const;
export type CallEventKind = (typeof CALL_EVENTS)[number];

const seconds = z.number().int('whole seconds').min(0).max(7 * 86_400);

/** One call event as a PBX posts it (docs/telephony-webhook.md is the public description). */
export const CallEventSchema = z.object({
  callId: z.string().trim().min(1).max(200),
  event: z.enum(CALL_EVENTS),
  direction: z.enum(['inbound', 'outbound']),
  from: z.string().trim().min(1).max(64),
  to: z.string().trim().min(1).max(64),
  agent: z
    .object({
      email: z.string().trim().max(254).optional(),
      extension: z.string().trim().max(40).optional(),
    })
    .optional(),
  at: z.iso.datetime({ offset: true }),
  waitSeconds: seconds.optional(),
  talkSeconds: seconds.optional(),
  wrapUpSeconds: seconds.optional(),
  recordingUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
});
export type CallEvent = z.infer<typeof CallEventSchema>;

/** A delivery is one event or a batch of them. */
export const CallBatchSchema = z.object({ events: z.array(CallEventSchema).min(1).max(500) });
export const CallWebhookSchema = z.union([CallEventSchema, CallBatchSchema]);

/** Single or batch → a list of events. */
export function eventsOf(body: z.infer<typeof CallWebhookSchema>): CallEvent[] {
  return 'events' in body ? body.events : [body];
}
