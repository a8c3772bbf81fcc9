import { Badge, Button, Divider, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { IconChevronDown, IconGitMerge, IconId, IconMail, IconPencil, IconPhone, IconTicket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../../shared/customers';
import { CustomerAvatar } from '../../../components/CustomerAvatar';
import { formatDate, formatDateTime, formatPhone, formatRelative } from '../../../lib/format';
import { LogCallButton } from '../../calls/LogCallModal';
import { StageBadge } from '../../../components/StageBadge';
import { TagList } from '../../../components/TagList';
import { StatTile } from './StatTile';

interface Props {
  data: Customer360;
  onNewTicket: () => void;
  onEdit: () => void;
  onAddIdentity: () => void;
  onMerge: () => void;
}

/** Who this is, at a glance: name, stage, segment, tags, main contacts, ticket figures, and the main actions. */
export function CustomerHeaderCard({ data, onNewTicket, onEdit, onAddIdentity, onMerge }: Props) {
  const { t } = useTranslation('customers');
  const c = data.customer;
  const s = data.stats;
  return (
    <Paper p="lg" radius="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Group gap="md" wrap="nowrap" align="flex-start" style={{ minWidth: 0, flex: 1 }}>
          <CustomerAvatar name={c.name} size={64} fz={22} />
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Title order={2} lh={1.15} data-testid="customer-name">
                {c.name || t('list.unnamed')}
              </Title>
              <StageBadge stage={c.lifecycleStage} size="md" />
              {c.segment && (
                <Badge tt="none" variant="dot" color="grape" size="md">
                  {c.segment}
                </Badge>
              )}
            </Group>
            <Group gap="lg" wrap="wrap">
              {c.phone && (
                <Group gap={6} wrap="nowrap">
                  <IconPhone size={16} color="var(--mantine-color-gray-6)" />
                  <Text size="sm" fw={500} style={{ fontVariantNumeric: "tabular-nums" }}>
                    {formatPhone(c.phone)}
                  </Text>
                </Group>
              )}
              {c.email && (
                <Group gap={6} wrap="nowrap" miw={0}>
                  <IconMail size={16} color="var(--mantine-color-gray-6)" />
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {c.email}
                  </Text>
                </Group>
              )}
              {!c.phone && !c.email && (
                <Text size="sm" c="dimmed">
                  {t('c360.noContact')}
                </Text>
              )}
            </Group>
            <TagList tags={data.tags.length ? data.tags : c.tags} max={8} />
          </Stack>
        </Group>
        {/* The actions wrap under the name on a phone rather than push the page wider. */}
        <Group gap="xs" wrap="wrap">
          <Button leftSection={<IconTicket size={16} />} onClick={onNewTicket} disabled={!!c.mergedIntoId}>
            {t('actions.newTicket')}
          </Button>
          {!c.mergedIntoId && <LogCallButton customerId={c.id} size="sm" />}
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={onEdit} disabled={!!c.mergedIntoId}>
            {t('actions.edit')}
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" px={10} aria-label={t('actions.more')} disabled={!!c.mergedIntoId}>
                <IconChevronDown size={16} />
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconId size={16} />} onClick={onAddIdentity}>
                {t('actions.addIdentity')}
              </Menu.Item>
              <Menu.Item leftSection={<IconGitMerge size={16} />} onClick={onMerge}>
                {t('actions.merge')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Divider my="md" />
      <Group gap="xl" wrap="wrap">
        <StatTile label={t('c360.stats.open')} value={s.openTickets} color={s.openTickets > 0 ? 'orange.8' : undefined} />
        <StatTile label={t('c360.stats.tickets')} value={s.totalTickets} />
        <StatTile
          label={t('c360.stats.lastContact')}
          value={s.lastContactAt ? <span title={formatDateTime(s.lastContactAt)}>{formatRelative(s.lastContactAt)}</span> : '—'}
        />
        <Text size="sm" c="dimmed" ml="auto">
          {t('c360.customerSince', { date: formatDate(s.firstSeenAt || c.createdAt) })}
        </Text>
      </Group>
    </Paper>
  );
}
