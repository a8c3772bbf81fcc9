/** The AI area's events: a model trained, settings changed, a customer message's sentiment read. */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'ai.model_trained': { subject: 'setting'; data: { kind: string; version: number; examples: number; accuracy: number | null } };
    'ai.settings_changed': { subject: 'setting'; data: { field: string; mode: string; threshold: number } };
    /** An agent dismissed the AI's suggestion for a field of a ticket (everyone stops seeing it), or took that back. */
    'ai.suggestion_dismissed': { subject: 'ticket'; data: { ticketId: string; field: string; label: string } };
    'ai.suggestion_restored': { subject: 'ticket'; data: { ticketId: string; field: string; label: string } };
    /** Workflows can react to it ("angry customer → supervisor"). */
    'ai.sentiment_detected': {
      subject: 'message';
      data: { ticketId: string; customerId: string; messageId: string; sentiment: 'negative' | 'neutral' | 'positive'; score: number };
    };
  }
}
export {};
