import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { ONBOARDING_STEPS, OnboardingSchema, type Onboarding } from '../../../shared/onboarding.js';
import { dismissOnboarding } from './commands/dismiss-onboarding.js';
import { loadOnboardingChecklist } from './queries/onboarding-checklist.js';

const errors = { 403: ErrorSchema };

export const onboardingRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  const read = async (workspaceId: string): Promise<Onboarding> => {
    const { done, dismissedAt } = await loadOnboardingChecklist(ctx.db, workspaceId);
    const configured = Boolean(ctx.env.PUBLIC_URL);
    return {
      steps: ONBOARDING_STEPS.map((key) => ({ key, done: done[key] })),
      dismissedAt: dismissedAt?.toISOString() ?? null,
      // The same fallback the survey links and alert emails use when PUBLIC_URL is empty.
      publicUrl: { url: (ctx.env.PUBLIC_URL ?? `http://localhost:${ctx.env.PORT}`).replace(/\/+$/, ''), configured },
    };
  };

  app.get(
    '/onboarding',
    {
      config: { action: 'settings:manage' },
      schema: { tags: ['settings'], summary: 'Getting-started checklist (admin): which setup steps are done, and the public address links use', response: { 200: z.object({ onboarding: OnboardingSchema }), ...errors } },
    },
    async (req) => ({ onboarding: await read(actorOf(req).workspaceId) }),
  );

  app.post(
    '/onboarding/dismiss',
    { config: { action: 'settings:manage' }, schema: { tags: ['settings'], summary: 'Hide the getting-started checklist (admin)', response: { 200: z.object({ onboarding: OnboardingSchema }), ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      await dismissOnboarding(ctx.db, actor);
      return { onboarding: await read(actor.workspaceId) };
    },
  );
};
