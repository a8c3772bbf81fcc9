import type { AppContext } from '../../../core/context.js';
import { openAccount, type ChannelAccountRow } from '../../../core/channels/accounts.js';
import type { StaffNotice } from '../../../core/channels/types.js';
import { EmailAccountConfigSchema, EmailAccountSecretsSchema } from './account.js';
import { smtpTransport } from './transport.js';

/**
 * A notice to the workspace's staff (an early-warning alert), sent through the workspace's first
 * enabled mailbox with SMTP settings; false when there is none.
 */
export async function notifyStaffByEmail(ctx: AppContext, workspaceId: string, note: StaffNotice): Promise<boolean> {
  const rows = await ctx.db.query<ChannelAccountRow>(
    `SELECT * FROM channel_accounts WHERE workspace_id = $1 AND kind = 'email' AND enabled AND config ? 'smtp' ORDER BY created_at LIMIT 1`,
    [workspaceId],
  );
  const config = rows[0] && EmailAccountConfigSchema.safeParse(rows[0].config);
  if (!rows[0] || !config?.success || !config.data.smtp) return false;
  const account = openAccount(ctx, rows[0]);
  const secrets = EmailAccountSecretsSchema.parse(account.secrets ?? {});
  const ws = await ctx.db.one<{ name: string }>(`SELECT name FROM workspaces WHERE id = $1`, [workspaceId]);
  const transport = smtpTransport(config.data, secrets);
  try {
    await transport.sendMail({
      from: { name: config.data.displayName || account.name || ws.name, address: config.data.address },
      to: note.to.map((r) => ({ name: r.name, address: r.email })),
      subject: note.subject,
      text: note.text,
      headers: note.headers,
    });
  } finally {
    transport.close();
  }
  return true;
}
