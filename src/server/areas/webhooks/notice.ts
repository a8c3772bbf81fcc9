import type { AppContext } from '../../core/context.js';
import type { Tx } from '../../core/db/types.js';

/** Tells the workspace's admins that a subscription was paused after repeated failed deliveries. */
export async function noticeAdmins(_ctx: AppContext, _tx: Tx, _s: { workspaceId: string; subscriptionId: string; name: string; failures: number }): Promise<void> {
  // Filled in with the notifications area's admin notice.
}
