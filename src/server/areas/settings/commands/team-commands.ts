import type { Db } from '../../../core/db/types.js';
import { badRequest, conflict, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { EventData } from '../../../core/events/types.js';
import { newId } from '../../../core/lib/ids.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { loadTeams } from '../queries/team-queries.js';
import type { TeamRow } from '../presenters/team.js';

const nameTaken = () => conflict('team.name_taken', 'A team with this name already exists');

/** Maps a lost race on UNIQUE (workspace_id, name) to the same 409 as the up-front check. */
async function guardName<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/** A new team (department) in the actor's workspace. */
export async function createTeam(db: Db, input: { name: string; description?: string }, actor: AuthedActor) {
  return guardName(() =>
    db.tx(async (tx) => {
      const name = input.name.trim();
      if (await tx.maybeOne('SELECT 1 FROM teams WHERE workspace_id = $1 AND lower(name) = lower($2)', [actor.workspaceId, name])) throw nameTaken();
      const id = newId();
      await tx.query('INSERT INTO teams (id, workspace_id, name, description) VALUES ($1, $2, $3, $4)', [
        id,
        actor.workspaceId,
        name,
        input.description?.trim() ?? '',
      ]);
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'team.created', subjectType: 'team', subjectId: id, actor, data: { name } });
      return (await loadTeams(tx, actor.workspaceId, id))[0];
    }),
  );
}

/** Renames a team or changes its description. */
export async function updateTeam(db: Db, teamId: string, input: { name?: string; description?: string }, actor: AuthedActor) {
  return guardName(() =>
    db.tx(async (tx) => {
      const before = await tx.maybeOne<TeamRow>('SELECT * FROM teams WHERE id = $1 AND workspace_id = $2 FOR UPDATE', [teamId, actor.workspaceId]);
      if (!before) throw notFound('team');
      const name = input.name?.trim() ?? before.name;
      const description = input.description?.trim() ?? before.description;
      if (
        name.toLowerCase() !== before.name.toLowerCase() &&
        (await tx.maybeOne('SELECT 1 FROM teams WHERE workspace_id = $1 AND lower(name) = lower($2) AND id <> $3', [actor.workspaceId, name, teamId]))
      ) {
        throw nameTaken();
      }
      await tx.query('UPDATE teams SET name = $3, description = $4 WHERE id = $1 AND workspace_id = $2', [teamId, actor.workspaceId, name, description]);
      const changes: EventData<'team.updated'>['changes'] = {};
      if (name !== before.name) changes.name = { from: before.name, to: name };
      if (description !== before.description) changes.description = { from: before.description, to: description };
      if (Object.keys(changes).length > 0) {
        await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'team.updated', subjectType: 'team', subjectId: teamId, actor, data: { changes } });
      }
      return (await loadTeams(tx, actor.workspaceId, teamId))[0];
    }),
  );
}

/** Deletes a team; its tickets keep their assignee and simply lose the team (ON DELETE SET NULL). */
export async function deleteTeam(db: Db, teamId: string, actor: AuthedActor) {
  await db.tx(async (tx) => {
    const row = await tx.maybeOne<{ name: string }>('DELETE FROM teams WHERE id = $1 AND workspace_id = $2 RETURNING name', [teamId, actor.workspaceId]);
    if (!row) throw notFound('team');
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'team.deleted', subjectType: 'team', subjectId: teamId, actor, data: { name: row.name } });
  });
}

/** Replaces a team's members. Kept members keep their round-robin position (last_assigned_at). */
export async function setTeamMembers(db: Db, teamId: string, userIds: string[], actor: AuthedActor) {
  const wanted = [...new Set(userIds)];
  return db.tx(async (tx) => {
    if (!(await tx.maybeOne('SELECT 1 FROM teams WHERE id = $1 AND workspace_id = $2 FOR UPDATE', [teamId, actor.workspaceId]))) throw notFound('team');
    const found = await tx.query<{ id: string }>('SELECT id FROM users WHERE workspace_id = $1 AND id = ANY($2::uuid[])', [actor.workspaceId, wanted]);
    const unknown = wanted.filter((id) => !found.some((f) => f.id === id));
    if (unknown.length > 0) throw badRequest('team.unknown_members', 'Some users do not exist in this workspace', { userIds: unknown });

    const current = (await tx.query<{ user_id: string }>('SELECT user_id FROM team_members WHERE team_id = $1 AND workspace_id = $2', [teamId, actor.workspaceId])).map((r) => r.user_id);
    const removed = current.filter((id) => !wanted.includes(id));
    const added = wanted.filter((id) => !current.includes(id));
    await tx.query('DELETE FROM team_members WHERE team_id = $1 AND workspace_id = $2 AND user_id = ANY($3::uuid[])', [teamId, actor.workspaceId, removed]);
    for (const userId of added) {
      await tx.query('INSERT INTO team_members (workspace_id, team_id, user_id) VALUES ($1, $2, $3)', [actor.workspaceId, teamId, userId]);
    }
    if (added.length + removed.length > 0) {
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'team.members_changed', subjectType: 'team', subjectId: teamId, actor, data: { added, removed } });
    }
    return (await loadTeams(tx, actor.workspaceId, teamId))[0];
  });
}
