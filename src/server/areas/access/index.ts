/** Access: sign-in and sessions, users and roles, API tokens, and the workspace's creation with its first admin. */
import type { Area } from '../../core/area.js';
import { authRoutes } from './auth.routes.js';
import { tokensRoutes } from './tokens.routes.js';
import { usersRoutes } from './users.routes.js';
// The access area's event types, merged into core's EventCatalog.
import './events.js';

export { createWorkspace } from './commands/create-workspace.js';
export { diff } from './commands/update-user.js';

export const accessArea: Area = {
  name: 'access',
  routes: [{ plugin: authRoutes }, { plugin: usersRoutes }, { plugin: tokensRoutes }],
};
