/** The AI area's events: a model trained, settings changed, a customer message's sentiment read. */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'ai.model_trained': { subject: 'setting'; data: { kind: string; version: number; examples: number; accuracy: number | null } };
    'ai.settings_changed': { subject: 'setting'; data: { field: string; mode: string; threshold: number } };
    /** Workflows can react to it ("angry customer → supervisor"). */
    'ai.sentiment_detected': {
      subject: 'message';
      data: { ticketId: string; customerId: string; messageId: string; sentiment: 'negative' | 'neutral' | 'positive'; score: number };
    };
  }
}
export {};
