import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { healthRoutes } from './health/health.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { teamsRoutes } from './teams/teams.routes.js';
import { tokensRoutes } from './tokens/tokens.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { ticketsRoutes } from './tickets/tickets.routes.js';
import { messagesRoutes } from './tickets/messages.routes.js';
import { inboundRoutes } from './inbound/inbound.routes.js';
import { cannedRepliesRoutes } from './canned-replies/canned-replies.routes.js';
import { realtimeRoutes } from './realtime/realtime.routes.js';
import { customerAreaRoutes } from './customers/index.js';
import { channelAccountsRoutes } from './channels/channel-accounts.routes.js';
import { callsRoutes } from './calls/calls.routes.js';
import { registerChannelRoutes } from '../channels/lifecycle.js';
import { surveysRoutes } from './surveys/surveys.routes.js';
import { answersRoutes } from './surveys/answers.routes.js';
import { publicSurveyRoutes } from './surveys/public-survey.routes.js';
import { metricsRoutes } from './metrics/metrics.routes.js';
import { alertsRoutes } from './metrics/alerts.routes.js';

/** Every route module of the app, registered in one place. */
export async function registerRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx), { prefix: '/api' });
  await app.register(usersRoutes(ctx), { prefix: '/api' });
  await app.register(teamsRoutes(ctx), { prefix: '/api' });
  await app.register(tokensRoutes(ctx), { prefix: '/api' });
  await app.register(settingsRoutes(ctx), { prefix: '/api' });
  await app.register(ticketsRoutes(ctx), { prefix: '/api' });
  await app.register(messagesRoutes(ctx), { prefix: '/api' });
  await app.register(inboundRoutes(ctx), { prefix: '/api' });
  await app.register(cannedRepliesRoutes(ctx), { prefix: '/api' });
  await app.register(realtimeRoutes(ctx), { prefix: '/api' });
  await app.register(customerAreaRoutes(ctx), { prefix: '/api' });
  await app.register(channelAccountsRoutes(ctx), { prefix: '/api' });
  await app.register(callsRoutes(ctx), { prefix: '/api' });
  await app.register(surveysRoutes(ctx), { prefix: '/api' });
  await app.register(answersRoutes(ctx), { prefix: '/api' });
  // Survey pages (/s/:token) and their JSON answer endpoint (/api/public/surveys/…): the token is the credential.
  await app.register(publicSurveyRoutes(ctx));
  await app.register(metricsRoutes(ctx), { prefix: '/api' });
  await app.register(alertsRoutes(ctx), { prefix: '/api' });
  // Each channel's own public routes (webhooks, widget endpoints), from channels/<kind>/.
  await registerChannelRoutes(app, ctx);
}
