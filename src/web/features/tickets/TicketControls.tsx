import { useEffect, useState } from 'react';
import { Anchor, Group, Paper, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, TICKET_STATUSES } from '../../../shared/api';
import { useTeams, useUsers } from '../../lib/directory';
import { useMe } from '../../lib/session';
import type { TicketView } from './ticketApi';
import { useUpdateTicket } from './useTicket';

/**
 * The steps record what happened, so an open ticket only moves forward; a resolved or closed one may
 * reopen to any open step (and closed may go back to resolved), as the server enforces.
 */
function canMoveTo(from: TicketView['status'], toIndex: number): boolean {
  const fromIndex = TICKET_STATUSES.indexOf(from);
  if (toIndex >= fromIndex) return true;
  return from === 'resolved' || from === 'closed';
}

/** Status, assignee, team, priority, category and tags; each change is saved at once. */
export function TicketControls({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation(['ticket', 'common']);
  const update = useUpdateTicket(ticket.id);
  const users = useUsers();
  const teams = useTeams();
  const me = useMe();
  const [category, setCategory] = useState(ticket.category ?? '');
  useEffect(() => setCategory(ticket.category ?? ''), [ticket.category]);
  const readOnly = !!ticket.mergedIntoId;
  const myId = me.data?.user?.id;

  const userOptions = (users.data ?? [])
    .filter((u) => u.active || u.id === ticket.assignee?.id)
    .map((u) => ({ value: u.id, label: u.available ? u.name : `${u.name} (${t('common:user.away')})` }));
  if (ticket.assignee && !userOptions.some((o) => o.value === ticket.assignee!.id)) {
    userOptions.push({ value: ticket.assignee.id, label: ticket.assignee.name || '…' });
  }
  const teamOptions = (teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }));
  if (ticket.team && !teamOptions.some((o) => o.value === ticket.team!.id)) teamOptions.push({ value: ticket.team.id, label: ticket.team.name || '…' });

  const saveCategory = () => {
    const v = category.trim();
    if (v !== (ticket.category ?? '')) update.mutate({ category: v || null });
  };

  return (
    <Paper p="lg" radius="md" data-testid="ticket-controls">
      <Text fw={600} mb="sm">
        {t('details.title')}
      </Text>
      <Stack gap="sm">
        <Select
          label={t('details.status')}
          data={TICKET_STATUSES.map((s, i) => ({ value: s, label: t(`common:status.${s}`), disabled: !canMoveTo(ticket.status, i) }))}
          value={ticket.status}
          onChange={(v) => v && v !== ticket.status && update.mutate({ status: v })}
          allowDeselect={false}
          disabled={readOnly}
          data-testid="control-status"
        />
        <div>
          <Select
            label={t('details.assignee')}
            placeholder={t('common:nobody')}
            data={userOptions}
            value={ticket.assignee?.id ?? null}
            onChange={(v) => update.mutate({ assigneeId: v })}
            clearable
            searchable
            disabled={readOnly}
            data-testid="control-assignee"
          />
          {myId && ticket.assignee?.id !== myId && !readOnly && (
            <Anchor component="button" size="xs" mt={4} onClick={() => update.mutate({ assigneeId: myId })}>
              {t('details.assignToMe')}
            </Anchor>
          )}
        </div>
        <Select
          label={t('details.team')}
          placeholder={t('details.noTeam')}
          data={teamOptions}
          value={ticket.team?.id ?? null}
          onChange={(v) => update.mutate({ teamId: v })}
          clearable
          searchable
          disabled={readOnly}
          nothingFoundMessage={t('details.noTeams')}
        />
        <Group grow gap="sm">
          <Select
            label={t('details.priority')}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`common:priority.${p}`) }))}
            value={ticket.priority}
            onChange={(v) => v && v !== ticket.priority && update.mutate({ priority: v })}
            allowDeselect={false}
            disabled={readOnly}
          />
          <TextInput
            label={t('details.category')}
            placeholder={t('details.categoryPlaceholder')}
            value={category}
            onChange={(e) => setCategory(e.currentTarget.value)}
            onBlur={saveCategory}
            onKeyDown={(e) => e.key === 'Enter' && saveCategory()}
            disabled={readOnly}
          />
        </Group>
        <TagsInput
          label={t('details.tags')}
          placeholder={ticket.tags.length ? '' : t('details.tagsPlaceholder')}
          value={ticket.tags}
          onChange={(tags) => update.mutate({ tags })}
          clearable
          disabled={readOnly}
        />
      </Stack>
    </Paper>
  );
}
