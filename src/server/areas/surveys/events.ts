/** The surveys area's events: survey templates and campaigns (configuration), and customers' answers. */
import type { SurveyType } from '../../../shared/surveys.js';

declare module '../../core/events/types.js' {
  interface EventCatalog {
    // Templates and campaigns are workspace configuration: their subject type is 'setting'.
    'survey_template.created': { subject: 'setting'; data: { surveyTemplateId: string; type: 'custom' } };
    'survey_template.updated': { subject: 'setting'; data: { surveyTemplateId: string; fields: string[] } };
    'survey_template.deleted': { subject: 'setting'; data: { surveyTemplateId: string } };
    'survey_campaign.created': { subject: 'setting'; data: { surveyCampaignId: string } };
    'survey_campaign.updated': { subject: 'setting'; data: { surveyCampaignId: string; fields: string[] } };
    'survey_campaign.deleted': { subject: 'setting'; data: { surveyCampaignId: string } };
    /**
     * A customer answered (or edited an answer). The subject is the ticket the survey was about, else
     * the customer; answerId names the survey_answers row.
     */
    'survey.answered': {
      subject: 'ticket' | 'customer';
      data: {
        answerId: string;
        requestId: string;
        ticketId: string | null;
        customerId: string;
        type: SurveyType;
        score: number | null;
        edited: boolean;
        previousScore: number | null;
        followupTicketId: string | null;
      };
    };
  }
}
