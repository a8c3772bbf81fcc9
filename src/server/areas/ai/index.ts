/** AI: ticket classification and message sentiment learned in-process from the workspace's own data. */
import type { Area } from '../../core/area.js';
import { aiRoutes } from './ai.routes.js';
import { registerAiCommands } from './cli.js';
import { trainJob } from './jobs.js';
import { messageSentimentReaction, ticketPredictionReaction } from './reactions.js';
// The AI's event types, merged into core's EventCatalog.
import './events.js';

export { sentimentOf, latestSentiment, defaultSentimentModel, sentimentWith } from './sentiment.js';
export type { SentimentResult } from './sentiment.js';
export { predictTicketFields } from './commands/predict-ticket.js';
export type { FieldPrediction } from './commands/predict-ticket.js';
export { trainWorkspace } from './commands/train.js';
export { normalise, normaliseText, stripDiacritics } from './text/normalise.js';
export { trainClassifier, predict } from './model/classifier.js';
export type { TrainedClassifier, Prediction, Example } from './model/classifier.js';
export { HANDOFF_THRESHOLD } from './eval.js';
export { TRAIN_JOB } from './jobs.js';

export const aiArea: Area = {
  name: 'ai',
  routes: [{ plugin: aiRoutes }],
  jobs: [trainJob],
  reactions: [ticketPredictionReaction, messageSentimentReaction],
  cli: registerAiCommands,
};
