import type { Db } from '../../../core/db/types.js';
import { createWorkspace } from './create-workspace.js';
import { login } from './sessions.js';

export interface SetUpInput {
  workspaceName: string;
  name: string;
  email: string;
  password: string;
  locale: 'vi' | 'en';
}

/**
 * First-visit setup: the installation's first workspace with its admin (409 setup.already_done once
 * one exists; later workspaces come from an admin's CLI), then the admin's session.
 */
export async function setUp(db: Db, input: SetUpInput) {
  await createWorkspace(db, { workspaceName: input.workspaceName, admin: { name: input.name, email: input.email, password: input.password }, locale: input.locale, onlyIfFirst: true });
  return login(db, input.email, input.password);
}
