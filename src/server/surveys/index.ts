import type { Processor } from '../events/processors.js';
import type { JobDefinition } from '../jobs/define.js';
import { campaignsJob } from './campaigns.js';
import { sendSurveyJob, surveyTriggerProcessor } from './triggers.js';

/** The survey area's background jobs (delayed sends, campaigns) and event processors (triggers). */
export const surveyJobs: JobDefinition[] = [sendSurveyJob, campaignsJob];
export const surveyProcessors: Processor[] = [surveyTriggerProcessor];
