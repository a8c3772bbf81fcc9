/** Onboarding: the getting-started checklist and the public address check. (API shapes shared by server and web.) */
import { z } from 'zod';

/** The steps of a new workspace, in the order an admin usually takes them. */
export const ONBOARDING_STEPS = ['channel', 'teammate', 'businessHours', 'cannedReply', 'survey'] as const;
export const OnboardingStepKeySchema = z.enum(ONBOARDING_STEPS);
export type OnboardingStepKey = z.infer<typeof OnboardingStepKeySchema>;

export const OnboardingSchema = z.object({
  steps: z.array(z.object({ key: OnboardingStepKeySchema, done: z.boolean() })),
  /** When an admin hid the checklist; null while it is shown. */
  dismissedAt: z.string().nullable(),
  /**
   * The address the server puts in links it sends out (survey links, emails, the widget snippet):
   * PUBLIC_URL, or its own local address when PUBLIC_URL is not set (`configured` false). The web app
   * compares it with the address it was opened at.
   */
  publicUrl: z.object({ url: z.string(), configured: z.boolean() }),
});
export type Onboarding = z.infer<typeof OnboardingSchema>;
