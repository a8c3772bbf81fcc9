/** Notices: tells customers on their channel when their order's status changes (templates per status, quiet hours, unsubscribe), and surveys them after delivery. */
import type { Area } from '../../core/area.js';
import { deliverNoticeJob, noticeSurveyJob } from './jobs.js';
import { orderNoticeReaction } from './reactions.js';
import { noticesRoutes } from './routes.js';
import { unsubscribePageRoutes } from './unsubscribe.routes.js';
// The notices' event types, merged into core's EventCatalog.
import './events.js';

export { isOptedOut } from './commands/subscription.js';

export const noticesArea: Area = {
  name: 'notices',
  routes: [
    { plugin: noticesRoutes },
    // The unsubscribe page of email notices (/n/unsubscribe/:token): the token in the link is the credential.
    { plugin: unsubscribePageRoutes, prefix: '' },
  ],
  jobs: [deliverNoticeJob, noticeSurveyJob],
  reactions: [orderNoticeReaction],
};
