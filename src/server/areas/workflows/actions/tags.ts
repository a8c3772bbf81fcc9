import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { updateCustomerInTx } from '../../customers/index.js';
import { normalizeTags } from '../../tickets/index.js';
import { once, requireCustomer, summary, wouldDo } from './support.js';
import { patchTicketAction } from './ticket-patch.js';
import type { ActionInput, ActionResult, WorkflowAction } from './types.js';

type TagConfig = ActionConfig<'add_tag'>;

const sameTag = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const withTag = (tags: string[], tag: string, add: boolean) => (add ? (tags.some((x) => sameTag(x, tag)) ? tags : [...tags, tag.trim()]) : tags.filter((x) => !sameTag(x, tag)));

/** Adds or removes a tag on the ticket (tickets area) or the customer (customers area); a tag already so is no change. */
async function runTag(input: ActionInput, config: TagConfig, add: boolean): Promise<ActionResult> {
  const type = add ? 'add_tag' : 'remove_tag';
  if (config.target === 'ticket') {
    return patchTicketAction(input, type, async (t) => ({ patch: { tags: normalizeTags(withTag(t.tags, config.tag, add)) }, values: { tag: config.tag, target: 'ticket' } }));
  }
  const values = { tag: config.tag, target: 'customer' };
  if (input.dryRun) {
    const c = await requireCustomer(input.ctx.db, input);
    return wouldDo(summary(type, values), { customerId: c.id, tags: withTag(c.tags, config.tag, add) });
  }
  return once(input, type, async (tx) => {
    const c = await requireCustomer(tx, input);
    await tx.query('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [input.workspaceId, c.id]);
    const fresh = await requireCustomer(tx, { ...input, subject: { customerId: c.id } });
    const tags = withTag(fresh.tags, config.tag, add);
    if (tags.length !== fresh.tags.length) await updateCustomerInTx(tx, { workspaceId: input.workspaceId, id: c.id, data: { tags }, actor: input.actor });
    return { summary: summary(type, values), output: { customerId: c.id, tags, changed: tags.length !== fresh.tags.length } };
  });
}

export const addTagAction: WorkflowAction<TagConfig> = { type: 'add_tag', run: (input, config) => runTag(input, config, true) };
export const removeTagAction: WorkflowAction<TagConfig> = { type: 'remove_tag', run: (input, config) => runTag(input, config, false) };
