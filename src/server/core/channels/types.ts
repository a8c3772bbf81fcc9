import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { DeliveryFailure } from '../../../shared/channels.js';
import type { Channel } from '../../../shared/common.js';
import type { AppContext } from '../context.js';
import type { Reaction } from '../events/reactions.js';
import type { JobDefinition } from '../jobs/define.js';
import type { ChannelAccount } from './accounts.js';
import type { Sql } from '../db/types.js';

/** What a channel can do; core code and the web app ask these, never the channel's kind. */
export interface ChannelCapabilities {
  /** Agent replies go out through the adapter's send (else they are recorded only). */
  send: boolean;
  attachments: boolean;
  /** Replies may be HTML. */
  html: boolean;
  /** Typing indicators both ways. */
  typing: boolean;
  /** Buttons / quick replies in the conversation (e.g. survey scores in chat). */
  buttons: boolean;
  /**
   * The identity kind (e.g. 'email') by which this channel can open a conversation with a customer
   * who did not write on it (a survey for a phone ticket goes by email); undefined: it cannot.
   */
  startsConversationsBy?: string;
  /** Hours after the customer's last message in which we may still write (Messenger 24, Zalo 48). */
  replyWindowHours?: number;
}

/** Everything an adapter needs to send one agent message. */
export interface OutboundRequest {
  message: {
    id: string;
    body: string;
    contentType: 'text' | 'html';
    createdAt: Date;
    attachments: { filename: string; contentType: string; data: Buffer }[];
    meta: Record<string, unknown>;
    authorName: string | null;
  };
  ticket: { id: string; number: number; subject: string; workspaceId: string };
  customer: { id: string; name: string; identities: { kind: string; value: string }[] };
  /** The account the conversation is on (mailbox, widget); undefined when the ticket has none. */
  account?: ChannelAccount;
  /** The conversation so far, oldest first, without notes (for email References). */
  thread: { id: string; direction: 'inbound' | 'outbound'; externalId: string | null; meta: Record<string, unknown> }[];
}

export interface SendResult {
  /** The channel's id of the sent message (an email's Message-ID …). */
  externalId?: string;
  /** 'delivered' when the channel confirms receipt at once; default 'sent'. */
  status?: 'sent' | 'delivered';
  meta?: Record<string, unknown>;
  /** Keys by which replies to this message find the ticket (thread_keys). */
  threadKeys?: string[];
}

/** What a send-ability check knows of the conversation a reply would go into. */
export interface SendCheck {
  workspaceId: string;
  /** The ticket being answered; undefined when asking whether a new conversation could start here. */
  ticketId?: string;
  /** The account the ticket is on (mailbox, widget); undefined when it has none. */
  account?: ChannelAccount;
  customer: { id: string; identities: { kind: string; value: string }[] };
  /**
   * The caller's open transaction, when it asks from inside one (a survey routed while it is written):
   * the check reads through it, since on the embedded database a read outside it would wait for it.
   */
  sql?: Sql;
}

/**
 * Whether a reply can go out now, told before the agent types. ok with a warning: a known problem that
 * may still let it through (a mailbox whose last check failed). account: the one it would leave from.
 */
export type SendAbility =
  | { ok: true; warning?: DeliveryFailure; account?: ChannelAccount; window?: ReplyWindow }
  | { ok: false; reason: DeliveryFailure; account?: ChannelAccount; window?: ReplyWindow };

/** The reply window as an adapter counts it (shown before sending): its end and the free replies left (Zalo). */
export interface ReplyWindow {
  endsAt: string;
  repliesLeft?: number;
}

/**
 * One channel: its capabilities, account settings, inbound entry points and outbound send. Core code
 * knows only this contract (DESIGN rule 3); everything channel-specific lives in channels/<kind>/.
 * Throw PermanentJobError from send for failures a retry cannot fix; other errors are retried.
 *
 * Inbound has no verify/parse step here on purpose: no core code receives a channel's deliveries, so
 * nothing would call one. Each channel takes its own in its `routes` or `start` listeners — a signed
 * PBX webhook (its events are calls, recorded by the calls area), raw mail from IMAP/SMTP (parsed
 * asynchronously, and a mail may be a bounce or an auto-reply rather than a message), the widget's own
 * API — verifies and parses it there, and hands messages to the one inbound door, tickets'
 * `ingestInbound` (DESIGN rule 4).
 */
export interface ChannelAdapter {
  kind: Channel;
  capabilities: ChannelCapabilities;
  /** Accounts of this kind (mailboxes, widgets, telephony endpoints) that a workspace adds in settings. */
  account?: {
    /** Public settings, stored as JSON. */
    config: z.ZodType<Record<string, unknown>>;
    /** Credentials, stored encrypted; never sent back to the browser. */
    secrets: z.ZodType<Record<string, unknown>>;
    /** The address inbound traffic is routed by (mailbox address …); generated when undefined. */
    address(config: Record<string, unknown>): string | undefined;
    /** Try the settings before saving (log in to IMAP/SMTP …); throws AppError with the reason. */
    test?(ctx: AppContext, config: Record<string, unknown>, secrets: Record<string, unknown>): Promise<void>;
    /**
     * Where each stored secret is sent: secret key → config paths ("imap.host"). Changing one of those
     * settings requires that secret again, so a stored password can never be sent to a new server.
     */
    secretsBoundTo?: Record<string, string[]>;
  };
  send?(ctx: AppContext, req: OutboundRequest): Promise<SendResult>;
  /**
   * Whether send would succeed for this conversation as things stand (account present, enabled and set
   * up, an address to write to …), with a stable reason when not. Absent: a sending channel can always
   * send. The reply window (capabilities.replyWindowHours) is checked by core, not here.
   */
  canSend?(ctx: AppContext, check: SendCheck): Promise<SendAbility>;
  /**
   * The reply window of one account when its settings change it (Messenger: 7 days with the HUMAN_AGENT
   * tag); undefined: capabilities.replyWindowHours. Core checks it like the static one.
   */
  replyWindowHoursOf?(account: ChannelAccount | undefined): number | undefined;
  /**
   * Writes to the workspace's own staff (early-warning alerts to supervisors) from one of its accounts
   * of this channel; false when the workspace has none that can (the caller tries the next channel).
   */
  notifyStaff?(ctx: AppContext, workspaceId: string, note: StaffNotice): Promise<boolean>;
  /** Public routes of the channel (webhooks, widget endpoints); each declares its own auth. */
  routes?(app: FastifyInstance, ctx: AppContext): Promise<void> | void;
  /** Background listeners on every worker instance (the SMTP receiver); returns how to stop them. */
  start?(ctx: AppContext): Promise<() => Promise<void>>;
  /**
   * Listeners that must run on exactly one instance (IMAP pollers): started by the instance that holds
   * the leadership lease, stopped when it loses it; returns how to stop them.
   */
  lead?(ctx: AppContext): Promise<() => Promise<void>>;
  jobs?: JobDefinition[];
  reactions?: Reaction[];
}

/** Largest attachment a channel may hand in or send (5 MB). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** A file arriving with an inbound message or attached to an agent's reply. */
export interface NewAttachment {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** One message as a channel hands it to the one inbound door (tickets' ingestInbound). */
export interface InboundMessage {
  channel: Channel;
  externalId: string;
  from: { kind: string; value: string; name?: string };
  extraIdentities?: { kind: string; value: string }[];
  subject?: string;
  body: string;
  contentType: 'text' | 'html';
  attachments: NewAttachment[];
  sentAt?: Date;
  /** The mailbox/widget/endpoint it arrived on (tickets opened by it reply from there). */
  channelAccountId?: string;
  /** Channel details kept with the message (email subject/from/to/cc, folded quote, html …). */
  meta?: Record<string, unknown>;
  /**
   * How the channel asks to thread it, before the default (the customer's open ticket on the channel):
   * `keys` — thread keys it refers to (an email's In-Reply-To/References): the ticket owning one of them;
   * `ticketNumber` — a ticket reference found in it ("[#1024]" in a subject), used when it is this customer's;
   * `newConversation` — when neither matches, open a new ticket instead of joining the open one (email).
   */
  threading?: { keys?: string[]; ticketNumber?: number; newConversation?: boolean };
  /** This message's own thread keys (its Message-ID), so replies to it find the ticket. */
  threadKeys?: string[];
}

/** A message to the workspace's own people (supervisors, admins), not to a customer. */
export interface StaffNotice {
  to: { name: string; email: string }[];
  subject: string;
  text: string;
  /** Machine-readable headers (an email's Auto-Submitted, the alert's id …). */
  headers?: Record<string, string>;
}
