import type { Sql } from '../../../core/db/types.js';

/** Whether this installation still waits for its first workspace (the setup screen). */
export async function needsSetup(sql: Sql): Promise<boolean> {
  return !(await sql.maybeOne('SELECT 1 FROM workspaces LIMIT 1'));
}
