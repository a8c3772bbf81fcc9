import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { updateCustomerInTx } from '../../customers/index.js';
import { actionError, once, requireCustomer, summary, wouldDo } from './support.js';
import type { ActionInput, ActionResult, WorkflowAction } from './types.js';

// The profile's own fields are set by their own action (lifecycle stage) or by people; attributes are the custom fields.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

async function patchCustomer(
  input: ActionInput,
  type: string,
  values: Record<string, string | number>,
  data: (c: Awaited<ReturnType<typeof requireCustomer>>) => Parameters<typeof updateCustomerInTx>[1]['data'],
): Promise<ActionResult> {
  if (input.dryRun) {
    const c = await requireCustomer(input.ctx.db, input);
    return wouldDo(summary(type, values), { customerId: c.id, patch: data(c) });
  }
  return once(input, type, async (tx) => {
    const c = await requireCustomer(tx, input);
    await tx.query('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [input.workspaceId, c.id]);
    const fresh = await requireCustomer(tx, { ...input, subject: { customerId: c.id } });
    const patch = data(fresh);
    await updateCustomerInTx(tx, { workspaceId: input.workspaceId, id: c.id, data: patch, actor: input.actor });
    return { summary: summary(type, values), output: { customerId: c.id, patch } };
  });
}

/** Sets one custom attribute of the customer's profile (null removes it), keeping the others. */
export const setCustomerAttributeAction: WorkflowAction<ActionConfig<'set_customer_attribute'>> = {
  type: 'set_customer_attribute',
  async run(input, config) {
    if (RESERVED.has(config.key)) throw actionError('invalid_value', `"${config.key}" cannot be an attribute name`);
    return patchCustomer(input, 'set_customer_attribute', { key: config.key, value: String(config.value) }, (c) => {
      const attributes = { ...(c.attributes as Record<string, string | number | boolean | null>) };
      if (config.value === null) delete attributes[config.key];
      else attributes[config.key] = config.value;
      if (Object.keys(attributes).length > 100) throw actionError('too_many_attributes', 'A customer has at most 100 attributes');
      return { attributes };
    });
  },
};

/** Moves the customer to a lifecycle stage (lead, prospect, customer, loyal, churned). */
export const setLifecycleStageAction: WorkflowAction<ActionConfig<'set_lifecycle_stage'>> = {
  type: 'set_lifecycle_stage',
  run: (input, config) => patchCustomer(input, 'set_lifecycle_stage', { stage: config.stage }, () => ({ lifecycleStage: config.stage })),
};
