/** Assistant: the AI agent on chat channels, the model endpoint, and drafts and summaries for agents. */
import type { Area } from '../../core/area.js';

export const assistantArea: Area = {
  name: 'assistant',
};
