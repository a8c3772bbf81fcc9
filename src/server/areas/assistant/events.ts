/** The assistant's events: settings changed, a conversation handed to a human by the AI agent. */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'assistant.settings_saved': { subject: 'workspace'; data: { baseUrl: string | null; model: string | null; agentChannels: string[]; embeddings?: boolean } };
    'assistant.handed_off': { subject: 'ticket'; data: { reason: string; turns: number; teamId: string | null } };
    'assistant.answered': { subject: 'ticket'; data: { messageId: string; source: 'retrieval' | 'model'; articleIds: string[] } };
  }
}
export {};
