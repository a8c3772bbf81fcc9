import { useState } from 'react';
import { Anchor, Badge, Group, Paper, Select, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, TICKET_STATUSES } from '../../../shared/common';
import { useTeams, useUsers } from '../../lib/directory';
import { useMe } from '../../lib/session';
import type { TicketDetail } from './ticketApi';
import { useUpdateTicket } from './useTicket';

/**
 * The steps record what happened, so an open ticket only moves forward; a resolved or closed one may
 * reopen to any open step (and closed may go back to resolved), as the server enforces.
 */
function canMoveTo(from: TicketDetail['status'], toIndex: number): boolean {
  const fromIndex = TICKET_STATUSES.indexOf(from);
  if (toIndex >= fromIndex) return true;
  return from === 'resolved' || from === 'closed';
}

const AI_FIELD_EVENTS = { team: 'ticket.team_changed', priority: 'ticket.priority_changed', category: 'ticket.category_changed' } as const;

/** Fields whose latest change was made by "Tự động (AI)" (undone or changed since: someone else's). */
function setByAi(ticket: TicketDetail): Record<keyof typeof AI_FIELD_EVENTS, boolean> {
  const latest = (type: string) => [...ticket.activity].reverse().find((e) => e.type === type);
  const byAi = (type: string) => latest(type)?.by.type === 'ai';
  return { team: byAi(AI_FIELD_EVENTS.team), priority: byAi(AI_FIELD_EVENTS.priority), category: byAi(AI_FIELD_EVENTS.category) };
}

/** A field's label, with a small "AI" mark when the AI filled it in. */
function FieldLabel({ text, ai }: { text: string; ai: boolean }) {
  const { t } = useTranslation('ai');
  if (!ai) return text;
  return (
    <Group gap={6} wrap="nowrap" component="span" style={{ display: 'inline-flex' }}>
      {text}
      <Tooltip label={t('panel.fieldSetByAi')} withArrow multiline w={220}>
        <Badge size="xs" color="violet" variant="light" component="span" data-testid="field-ai-badge">
          AI
        </Badge>
      </Tooltip>
    </Group>
  );
}

/** Status, assignee, team, priority, category and tags; each change is saved at once. */
export function TicketControls({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation(['ticket', 'common']);
  const update = useUpdateTicket(ticket.id);
  const users = useUsers();
  const teams = useTeams();
  const me = useMe();
  const readOnly = !!ticket.mergedIntoId;
  const myId = me.data?.user?.id;
  const ai = setByAi(ticket);

  const userOptions = (users.data ?? [])
    .filter((u) => u.active || u.id === ticket.assignee?.id)
    // Available = takes tickets and has the app open (socket presence): an offline agent says so.
    .map((u) => ({ value: u.id, label: !u.available ? `${u.name} (${t('common:user.away')})` : u.online === false ? `${u.name} (${t('notifications:presence.offline')})` : u.name }));
  if (ticket.assignee && !userOptions.some((o) => o.value === ticket.assignee!.id)) {
    userOptions.push({ value: ticket.assignee.id, label: ticket.assignee.name || '…' });
  }
  const teamOptions = (teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }));
  if (ticket.team && !teamOptions.some((o) => o.value === ticket.team!.id)) teamOptions.push({ value: ticket.team.id, label: ticket.team.name || '…' });

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
          onChange={(v) => {
            const status = TICKET_STATUSES.find((s) => s === v);
            if (status && status !== ticket.status) update.mutate({ status });
          }}
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
          label={<FieldLabel text={t('details.team')} ai={ai.team} />}
          placeholder={t('details.noTeam')}
          data={teamOptions}
          value={ticket.team?.id ?? null}
          onChange={(v) => update.mutate({ teamId: v })}
          clearable
          searchable
          disabled={readOnly}
          nothingFoundMessage={t('details.noTeams')}
          data-testid="control-team"
        />
        <Group grow gap="sm">
          <Select
            label={<FieldLabel text={t('details.priority')} ai={ai.priority} />}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`common:priority.${p}`) }))}
            value={ticket.priority}
            onChange={(v) => {
              const priority = PRIORITIES.find((p) => p === v);
              if (priority && priority !== ticket.priority) update.mutate({ priority });
            }}
            allowDeselect={false}
            disabled={readOnly}
          />
          {/* Keyed by the saved value: a change from elsewhere (another agent, realtime) starts the field afresh. */}
          <CategoryInput key={ticket.category ?? ''} saved={ticket.category} onSave={(category) => update.mutate({ category })} disabled={readOnly} ai={ai.category} />
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

/** The free-text category, saved when the field is left or Enter is pressed. */
function CategoryInput({ saved, onSave, disabled, ai }: { saved: string | null; onSave: (category: string | null) => void; disabled: boolean; ai: boolean }) {
  const { t } = useTranslation('ticket');
  const [category, setCategory] = useState(saved ?? '');
  const save = () => {
    const v = category.trim();
    if (v !== (saved ?? '')) onSave(v || null);
  };
  return (
    <TextInput
      label={<FieldLabel text={t('details.category')} ai={ai} />}
      placeholder={t('details.categoryPlaceholder')}
      value={category}
      onChange={(e) => setCategory(e.currentTarget.value)}
      onBlur={save}
      onKeyDown={(e) => e.key === 'Enter' && save()}
      disabled={disabled}
      data-testid="control-category"
    />
  );
}
