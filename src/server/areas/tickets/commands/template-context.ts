import type { Sql } from '../../../core/db/types.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { templateValues } from '../../../core/lib/template.js';
import type { TicketRow } from './ticket-store.js';

/**
 * The canned-reply variables of a ticket conversation, with the acting agent as {{agent.name}}; the
 * customer's gender gives the address form ({{customer.salutation}}: "anh Huy", "chị Uyên").
 */
export async function loadTemplateValues(sql: Sql, t: TicketRow, actor: AuthedActor) {
  const c = await sql.one<{ name: string; phone: string | null; email: string | null; gender: string | null }>(
    'SELECT name, phone, email, gender FROM customers WHERE workspace_id = $1 AND id = $2',
    [t.workspace_id, t.customer_id],
  );
  const ws = await sql.one<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [t.workspace_id]);
  return templateValues({
    customer: c,
    agent: { name: actor.name },
    ticket: { number: t.number, subject: t.subject },
    workspace: { name: ws.name },
  });
}
