import { newId } from '../core/lib/ids.js';
import type { Sql } from '../core/db/types.js';

/**
 * The demo's Zalo OA and Facebook Page: real channel accounts marked `config.demo = true`, so the
 * demo's Zalo and Messenger conversations belong to an account and an agent's reply to them says
 * "demo: not sent" (delivery failure `demo_account`) instead of a success nothing backs. They hold no
 * secrets: nothing can leave the install from them, and Settings → Channels shows them as demo accounts.
 */
export const DEMO_CHANNEL_ACCOUNTS = [
  { kind: 'zalo', name: 'Zalo OA Điện máy Tận Tâm (demo)', config: { demo: true, oaId: '1700000000000000001', oaName: 'Điện máy Tận Tâm', appId: '1800000000000000001' } },
  { kind: 'messenger', name: 'Trang Facebook Điện máy Tận Tâm (demo)', config: { demo: true, pageId: '100000000000001', pageName: 'Điện máy Tận Tâm', humanAgentTag: false } },
] as const;

export type DemoChannelKind = (typeof DEMO_CHANNEL_ACCOUNTS)[number]['kind'];

/**
 * Inserts the demo accounts and returns their ids by kind. Addresses (webhook keys) are unique per kind
 * across workspaces, so each gets a fresh random one (not drawn from the seeded generator: the rest of
 * the demo stays the same for a seed).
 */
export async function insertDemoChannelAccounts(tx: Sql, workspaceId: string): Promise<Record<DemoChannelKind, string>> {
  const ids = {} as Record<DemoChannelKind, string>;
  for (const a of DEMO_CHANNEL_ACCOUNTS) {
    const id = newId();
    await tx.query(
      `INSERT INTO channel_accounts (id, workspace_id, kind, name, address, config, secrets, status, enabled)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, NULL, 'ok', true)`,
      [id, workspaceId, a.kind, a.name, `demo-${newId().replace(/-/g, '')}`, JSON.stringify(a.config)],
    );
    ids[a.kind] = id;
  }
  return ids;
}
