/** Surveys: CSAT, NPS, CES and custom surveys sent by themselves after a ticket, chat or call, their answers and follow-ups. */
import type { Area } from '../../core/area.js';
import { answersRoutes } from './answers.routes.js';
import { campaignsJob } from './campaigns.js';
import { publicSurveyRoutes } from './public-survey.routes.js';
import { surveysRoutes } from './surveys.routes.js';
import { sendSurveyJob, surveyTriggerReaction } from './triggers.js';
// The surveys' event types, merged into core's EventCatalog.
import './events.js';

export { createSurveyRequest } from './commands/create-request.js';
export { ensureDefaultTemplates } from './commands/default-templates.js';
export { recordAnswer } from './commands/record-answer.js';
export { sendSurvey } from './send-survey.js';

export const surveysArea: Area = {
  name: 'surveys',
  routes: [
    { plugin: surveysRoutes },
    { plugin: answersRoutes },
    // Survey pages (/s/:token) and their JSON answer endpoint (/api/public/surveys/…): the token is the credential.
    { plugin: publicSurveyRoutes, prefix: '' },
  ],
  jobs: [sendSurveyJob, campaignsJob],
  reactions: [surveyTriggerReaction],
};
export type { SurveyMeta } from './survey-content.js';
