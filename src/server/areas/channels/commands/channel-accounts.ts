import crypto from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { AppError, badRequest, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { ChannelAccountRow } from '../../../core/channels/accounts.js';
import { channelAdapters } from '../registry.js';

export interface ChannelAccountInput {
  kind: string;
  name: string;
  config: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  enabled?: boolean;
}

function adapterWithAccounts(kind: string) {
  const adapter = channelAdapters.find((c) => c.kind === kind);
  if (!adapter?.account) throw badRequest('channel.kind_unknown', `Channel "${kind}" has no accounts to add`);
  return { adapter, account: adapter.account };
}

function parse(schema: z.ZodType<Record<string, unknown>>, value: unknown, field: 'config' | 'secrets') {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    throw badRequest('validation.failed', `Invalid ${field}`, r.error.issues.map((i) => ({ path: [field, ...i.path], message: i.message })));
  }
  return r.data;
}

const addressTaken = (address: string) =>
  new AppError(409, 'channel.address_taken', `The address ${address} is already connected (in this or another workspace)`);

/** Adds a mailbox/widget/telephony endpoint: settings validated by the adapter, credentials sealed. */
export async function createChannelAccount(ctx: AppContext, input: ChannelAccountInput, actor: AuthedActor): Promise<ChannelAccountRow> {
  const { account } = adapterWithAccounts(input.kind);
  const config = parse(account.config, input.config, 'config');
  const secrets = parse(account.secrets, input.secrets, 'secrets');
  await account.test?.(ctx, config, secrets);
  // Widgets and webhooks have no natural address: a random key routes their traffic.
  const address = account.address(config) ?? crypto.randomBytes(12).toString('base64url');
  try {
    return await ctx.db.tx(async (tx) => {
      const row = await tx.one<ChannelAccountRow>(
        `INSERT INTO channel_accounts (id, workspace_id, kind, name, address, config, secrets, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [newId(), actor.workspaceId, input.kind, input.name, address, JSON.stringify(config), ctx.secrets.seal(secrets), input.enabled ?? true],
      );
      await appendEvent(tx, {
        workspaceId: actor.workspaceId,
        type: 'channel_account.created',
        subjectType: 'channel_account',
        subjectId: row.id,
        actor,
        data: { kind: row.kind, name: row.name, address: row.address },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'channel_accounts_address_key')) throw addressTaken(address);
    throw err;
  }
}

/**
 * Changes an account. Secrets given replace those keys only; omitted ones are kept (the browser
 * never has them). Changing settings re-tests the connection.
 */
export async function updateChannelAccount(
  ctx: AppContext,
  id: string,
  patch: { name?: string; config?: Record<string, unknown>; secrets?: Record<string, unknown>; enabled?: boolean },
  actor: AuthedActor,
): Promise<ChannelAccountRow> {
  try {
    return await ctx.db.tx(async (tx) => {
      const row = await tx.maybeOne<ChannelAccountRow>('SELECT * FROM channel_accounts WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [actor.workspaceId, id]);
      if (!row) throw notFound('Channel account', 'channel_account.not_found');
      const { account } = adapterWithAccounts(row.kind);
      const config = patch.config ? parse(account.config, { ...row.config, ...patch.config }, 'config') : row.config;
      const oldSecrets = row.secrets ? ctx.secrets.open(row.secrets) : {};
      requireMovedSecrets(account.secretsBoundTo, row.config, config, oldSecrets, patch.secrets);
      const secrets = patch.secrets ? parse(account.secrets, { ...oldSecrets, ...patch.secrets }, 'secrets') : oldSecrets;
      if (patch.config || patch.secrets) await account.test?.(ctx, config, secrets);
      const address = account.address(config) ?? row.address;
      const enabled = patch.enabled ?? row.enabled;
      const updated = await tx.one<ChannelAccountRow>(
        `UPDATE channel_accounts SET name = $3, address = $4, config = $5, secrets = $6, enabled = $7,
           status = CASE WHEN $7 THEN (CASE WHEN status = 'disabled' THEN 'ok' ELSE status END) ELSE 'disabled' END,
           updated_at = now()
         WHERE workspace_id = $1 AND id = $2 RETURNING *`,
        [actor.workspaceId, id, patch.name ?? row.name, address, JSON.stringify(config), ctx.secrets.seal(secrets), enabled],
      );
      await appendEvent(tx, {
        workspaceId: actor.workspaceId,
        type: 'channel_account.updated',
        subjectType: 'channel_account',
        subjectId: id,
        actor,
        data: { fields: Object.keys(patch).filter((k) => k !== 'secrets').concat(patch.secrets ? ['secrets'] : []) },
      });
      return updated;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'channel_accounts_address_key')) throw addressTaken(String(patch.config?.address ?? ''));
    throw err;
  }
}

const at = (obj: Record<string, unknown>, path: string) => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);

/**
 * A stored secret is only ever sent where it was typed for: when a setting it is bound to changes
 * (the adapter's secretsBoundTo, e.g. the IMAP host, port or user for the IMAP password), the request
 * must carry that secret again, else 400 channel.secret_required naming the field. Otherwise an admin
 * (or a stolen session) could point the mailbox at their own server and have the test send the
 * stored password there.
 */
function requireMovedSecrets(
  bound: Record<string, string[]> | undefined,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  stored: Record<string, unknown>,
  given: Record<string, unknown> | undefined,
) {
  if (!bound) return;
  const missing: { path: string[]; message: string }[] = [];
  for (const [key, paths] of Object.entries(bound)) {
    if (stored[key] === undefined || stored[key] === '' || (given && given[key] !== undefined)) continue;
    const changed = paths.filter((p) => JSON.stringify(at(before, p)) !== JSON.stringify(at(after, p)));
    if (changed.length > 0) missing.push({ path: ['secrets', key], message: `Enter the password again: ${changed.join(', ')} changed` });
  }
  if (missing.length > 0) {
    throw badRequest('channel.secret_required', 'The server, port or user changed: enter the password again (a saved password is never sent to another server)', missing);
  }
}

/** Removes an account; its tickets and messages stay (their account link is cleared). */
export async function deleteChannelAccount(ctx: AppContext, id: string, actor: AuthedActor) {
  await ctx.db.tx(async (tx) => {
    const row = await tx.maybeOne<{ id: string; kind: string }>('DELETE FROM channel_accounts WHERE workspace_id = $1 AND id = $2 RETURNING id, kind', [actor.workspaceId, id]);
    if (!row) throw notFound('Channel account', 'channel_account.not_found');
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'channel_account.deleted', subjectType: 'channel_account', subjectId: id, actor, data: { kind: row.kind } });
  });
}
