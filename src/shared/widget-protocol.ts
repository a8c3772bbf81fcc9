/** Shapes of the chat widget protocol, shared by the server (channels/webchat/) and the widget bundle (src/widget/). Types only. */
export type FieldRule = 'off' | 'optional' | 'required';
export type PreChatField = 'name' | 'phone' | 'email';
export type Language = 'vi' | 'en';

export interface WidgetConfig {
  key: string;
  title: string;
  greeting: string;
  color: string;
  language: Language;
  position: 'left' | 'right';
  preChat: Record<PreChatField, FieldRule>;
  online: boolean;
  nextOpenAt: string | null;
  businessName: string;
  maxUploadBytes: number;
  allowedFileTypes: string[];
  /**
   * Out of hours, whether the form asks for an email: true when the workspace has a mailbox that can
   * answer by email; without one the answer comes back in the chat, so the email is not demanded.
   */
  offlineEmail: boolean;
}

export interface WidgetAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export interface WidgetMessage {
  id: string;
  seq: number;
  direction: 'visitor' | 'agent' | 'system';
  body: string;
  authorName: string | null;
  attachments: WidgetAttachment[];
  createdAt: string;
  clientId: string | null;
  /** A survey to answer with buttons (agent-side survey messages). */
  survey?: WidgetSurvey;
  /** Written by the AI agent: the widget marks it with a badge under this label (the workspace's, e.g. "Trợ lý AI"). */
  ai?: { label: string };
}

/** Each option posts { score } to POST /api/public/surveys/:token/answer; then { comment } may follow. */
export interface WidgetSurvey {
  token: string;
  url: string;
  type: string;
  question: { vi: string; en: string };
  options: { value: number; label: { vi: string; en: string } }[];
}

export type ConversationStatus = 'open' | 'ended' | 'abandoned';

export interface SessionResponse {
  visitorToken: string;
  visitor: { id: string; name: string | null };
  conversation: { id: string; status: ConversationStatus } | null;
  messages: WidgetMessage[];
  online: boolean;
  nextOpenAt: string | null;
}

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  dataBase64: string;
}

/** What the server pushes over the visitor's WebSocket. */
export type ServerFrame =
  | { type: 'message'; message: WidgetMessage }
  | { type: 'typing'; name: string | null }
  | { type: 'status'; online: boolean; nextOpenAt: string | null }
  | { type: 'conversation'; status: ConversationStatus }
  | { type: 'ping' };
