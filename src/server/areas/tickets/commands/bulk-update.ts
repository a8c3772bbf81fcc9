import type { Db, Tx } from '../../../core/db/types.js';
import { AppError, badRequest } from '../../../core/errors.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { TicketBulk } from '../../../../shared/tickets-bulk.js';
import { mergeTickets } from './merge-tickets.js';
import { lockTicket } from './ticket-store.js';
import { assignTicket, updateTicket } from './update-ticket.js';

/**
 * The database as seen from inside an open transaction: commands that open their own (db.tx) join
 * this one instead, so a bulk action commits or rolls back as one.
 */
function within(db: Db, tx: Tx): Db {
  return {
    kind: db.kind,
    query: (text, params) => tx.query(text, params),
    maybeOne: (text, params) => tx.maybeOne(text, params),
    one: (text, params) => tx.one(text, params),
    exec: (text) => tx.exec(text),
    executeSql: (text, values) => tx.executeSql(text, values),
    tx: (fn) => fn(tx),
    autonomous: db.autonomous,
    onCommittedEvents: (listener) => db.onCommittedEvents(listener),
    setJobWriter: () => {
      throw new Error('not inside a bulk action');
    },
    close: () => Promise.reject(new Error('not inside a bulk action')),
  } as Db;
}

/**
 * Applies one action to each selected ticket through the same commands as the ticket page (so each
 * ticket gets its own events), in one transaction: if any ticket fails, nothing changes and the error
 * names the ticket. Tickets already in the asked state are left alone and not counted as changed.
 */
export async function bulkUpdateTickets(db: Db, input: TicketBulk, actor: AuthedActor): Promise<{ changed: string[] }> {
  const ws = actor.workspaceId;
  const { action } = input;
  if (action.type === 'merge' && input.ticketIds.filter((id) => id !== action.intoTicketId).length === 0) {
    throw badRequest('tickets.bulk_merge_nothing', 'Pick at least one ticket besides the one to merge into');
  }
  return db.tx(async (tx) => {
    const inner = within(db, tx);
    const changed: string[] = [];
    // Lock every ticket in id order first, so two overlapping bulk actions cannot deadlock.
    const ids = [...input.ticketIds].sort();
    const rows = new Map<string, Awaited<ReturnType<typeof lockTicket>>>();
    for (const id of ids) rows.set(id, await lockTicket(tx, ws, id).catch((e: unknown) => rethrow(e, id, null)));
    for (const id of input.ticketIds) {
      const before = rows.get(id)!;
      try {
        if (action.type === 'assign') {
          if (before.assignee_id === action.assigneeId) continue;
          await assignTicket(inner, id, { mode: 'user', assigneeId: action.assigneeId }, actor);
        } else if (action.type === 'status') {
          if (before.status === action.status) continue;
          await updateTicket(inner, id, { status: action.status }, actor);
        } else if (action.type === 'tag') {
          const tags = [...before.tags.filter((x) => !action.remove.includes(x)), ...action.add.filter((x) => !before.tags.includes(x))];
          if (tags.length === before.tags.length && tags.every((x, i) => x === before.tags[i])) continue;
          await updateTicket(inner, id, { tags }, actor);
        } else {
          if (id === action.intoTicketId) continue;
          await mergeTickets(inner, id, action.intoTicketId, actor);
        }
        changed.push(id);
      } catch (e) {
        rethrow(e, id, before.number);
      }
    }
    return { changed };
  });
}

/** The command's own error, with the ticket it happened on and the promise that nothing was changed. */
function rethrow(e: unknown, ticketId: string, number: number | null): never {
  if (!(e instanceof AppError)) throw e;
  const which = number === null ? `Ticket ${ticketId}` : `Ticket #${number}`;
  throw new AppError(e.status, e.id, `${which}: ${e.message}. Nothing was changed.`, { ticketId, number, ...(typeof e.details === 'object' && e.details ? e.details : {}) });
}
