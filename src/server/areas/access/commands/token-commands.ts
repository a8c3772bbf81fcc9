import type { Db } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId, newSecret, sha256 } from '../../../core/lib/ids.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { ApiTokenRow } from '../presenters/api-token.js';

/** Visible part of a token, enough to recognise it in the list without making it usable. */
export const TOKEN_PREFIX_LENGTH = 10;

/** Creates an API token; returns the plain token (shown once) and the stored row (hash only). */
export async function createApiToken(db: Db, input: { name: string }, actor: AuthedActor) {
  const token = `tt_${newSecret()}`;
  const row = await db.tx(async (tx) => {
    const created = await tx.one<ApiTokenRow>(
      `INSERT INTO api_tokens (id, workspace_id, name, token_hash, prefix, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [newId(), actor.workspaceId, input.name.trim(), sha256(token), token.slice(0, TOKEN_PREFIX_LENGTH), actor.kind === 'user' ? actor.id : null],
    );
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'api_token.created',
      subjectType: 'api_token',
      subjectId: created.id,
      actor,
      data: { name: created.name, prefix: created.prefix },
    });
    return created;
  });
  return { token, row };
}

/** Revokes a token at once (the auth hook ignores revoked tokens). Revoking twice changes nothing. */
export async function revokeApiToken(db: Db, tokenId: string, actor: AuthedActor) {
  await db.tx(async (tx) => {
    const row = await tx.maybeOne<{ revoked_at: Date | null }>('SELECT revoked_at FROM api_tokens WHERE id = $1 AND workspace_id = $2 FOR UPDATE', [tokenId, actor.workspaceId]);
    if (!row) throw notFound('api_token');
    if (row.revoked_at) return;
    await tx.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND workspace_id = $2', [tokenId, actor.workspaceId]);
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'api_token.revoked', subjectType: 'api_token', subjectId: tokenId, actor, data: {} });
  });
}
