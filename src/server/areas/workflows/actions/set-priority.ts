import { PRIORITIES, type Priority } from '../../../../shared/common.js';
import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { patchTicketAction } from './ticket-patch.js';
import type { WorkflowAction } from './types.js';

/** The priority a config asks for, from the ticket's own: a fixed one, or a step up/down (bounded). */
export function targetPriority(current: Priority, wanted: ActionConfig<'set_priority'>['priority']): Priority {
  if (wanted !== 'raise' && wanted !== 'lower') return wanted;
  const i = PRIORITIES.indexOf(current) + (wanted === 'raise' ? 1 : -1);
  return PRIORITIES[Math.max(0, Math.min(PRIORITIES.length - 1, i))];
}

/** Sets or raises the ticket's priority (its SLA targets follow, through the tickets area). */
export const setPriorityAction: WorkflowAction<ActionConfig<'set_priority'>> = {
  type: 'set_priority',
  run: (input, config) =>
    patchTicketAction(input, 'set_priority', async (t) => {
      const to = targetPriority(t.priority, config.priority);
      return { patch: { priority: to }, values: { from: t.priority, to } };
    }),
};
