/** The notices area's events: a notice decided for an order (sent, scheduled or skipped) and a customer's subscription changed. */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    /** subject: the notice. state 'sent' carries the message that went out; 'skipped' the reason. */
    'notice.recorded': {
      subject: 'notice';
      data: { orderId: string; customerId: string | null; status: string; state: 'scheduled' | 'sent' | 'skipped'; reason: string | null; channel: string | null; messageId: string | null };
    };
    /** subject: the customer. via: 'link' | 'agent' | 'reply'. */
    'notice.subscription_changed': { subject: 'customer'; data: { subscribed: boolean; via: string } };
  }
}
export {};
