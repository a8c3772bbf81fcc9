/** Calls: phone calls as records and calls logged by hand. (API shapes shared by server and web.) */
import { z } from 'zod';
import { NamedRefSchema } from './common.js';

/** POST /api/calls: an agent logs a call by hand. The customer is named by id, by phone, or by the ticket. */
export const CallLogSchema = z.object({
  customerId: z.uuid().optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  ticketId: z.uuid().optional(),
  direction: z.enum(['inbound', 'outbound']),
  startedAt: z.iso.datetime({ offset: true }),
  talkSeconds: z.number().int().min(0).max(86_400),
  wrapUpSeconds: z.number().int().min(0).max(86_400).optional(),
  note: z.string().trim().max(5_000).optional(),
});

export type CallLog = z.infer<typeof CallLogSchema>;

/** One call (webhook or logged by hand), as stored for the thread, the timeline and call metrics. */
export const CallSchema = z.object({
  id: z.string(),
  callId: z.string(),
  channelAccountId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  status: z.enum(['ringing', 'answered', 'ended', 'missed']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  customer: NamedRefSchema.nullable(),
  agent: NamedRefSchema.nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  waitSeconds: z.number().nullable(),
  talkSeconds: z.number().nullable(),
  wrapUpSeconds: z.number().nullable(),
  missed: z.boolean(),
  abandoned: z.boolean(),
  recordingUrl: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketNumber: z.number().int().nullable(),
  messageId: z.string().nullable(),
  loggedByHand: z.boolean(),
  note: z.string().nullable(),
});

export type Call = z.infer<typeof CallSchema>;

export const CallPageSchema = z.object({ calls: z.array(CallSchema), nextCursor: z.string().nullable() });
