import { z } from 'zod';

/** Ids are strings on our side whatever JSON type Facebook used (some exceed 2^53 as numbers); PSIDs and Page ids are digits. */
const Id = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^[0-9A-Za-z_.:-]{1,100}$/, 'an id'));

const AttachmentSchema = z
  .object({
    type: z.string(),
    title: z.string().optional(),
    url: z.string().optional(),
    payload: z.object({ url: z.string().optional(), sticker_id: Id.optional(), title: z.string().optional() }).passthrough().nullish(),
  })
  .passthrough();

/** One item of entry.messaging[] (webhook events: messages, message_echoes, message_deliveries, message_reads, messaging_postbacks). */
export const MessagingEventSchema = z
  .object({
    sender: z.object({ id: Id }),
    recipient: z.object({ id: Id }),
    timestamp: z.number().optional(),
    message: z
      .object({
        mid: z.string().min(1),
        text: z.string().optional(),
        is_echo: z.boolean().optional(),
        app_id: Id.optional(),
        metadata: z.string().optional(),
        quick_reply: z.object({ payload: z.string() }).optional(),
        reply_to: z.object({ mid: z.string().optional() }).passthrough().optional(),
        attachments: z.array(AttachmentSchema).optional(),
      })
      .passthrough()
      .optional(),
    delivery: z.object({ mids: z.array(z.string()).optional(), watermark: z.number() }).passthrough().optional(),
    read: z.object({ watermark: z.number() }).passthrough().optional(),
    postback: z.object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
export type MessagingEvent = z.infer<typeof MessagingEventSchema>;
export type MessengerAttachment = z.infer<typeof AttachmentSchema>;

/** The body Facebook posts: `{ object: "page", entry: [{ id, time, messaging: [...] }] }`. */
export const WebhookBodySchema = z.object({
  object: z.string(),
  entry: z
    .array(z.object({ id: Id, time: z.number().optional(), messaging: z.array(z.unknown()).max(1000).optional() }).passthrough())
    .max(1000),
});
export type WebhookEntry = z.infer<typeof WebhookBodySchema>['entry'][number];
