/** Settings: the workspace's own settings (business hours, holidays, SLA policies) and its teams. */
import type { Area } from '../../core/area.js';
import { settingsRoutes } from './settings.routes.js';
import { teamsRoutes } from './teams.routes.js';
import { onboardingRoutes } from './onboarding.routes.js';
// The settings area's event types, merged into core's EventCatalog.
import './events.js';
import './onboarding.events.js';

export const settingsArea: Area = {
  name: 'settings',
  routes: [{ plugin: settingsRoutes }, { plugin: teamsRoutes }, { plugin: onboardingRoutes }],
};
