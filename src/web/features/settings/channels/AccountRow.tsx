import { ActionIcon, Badge, Group, Paper, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconCode, IconPencil, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { formatDate } from '../../../lib/format';
import { notifyError } from '../../../lib/apiErrors';
import { readConfig } from './accountConfig';
import { AccountStatusBadge } from './AccountStatusBadge';
import { FilteredMailButton } from './FilteredMailButton';
import { useToggleChannelAccount } from './channelsApi';

const HEX = /^#[0-9a-fA-F]{6}$/;

/** What identifies an account at a glance: the mailbox, the hotline, the widget's colour and key. */
function subtitle(a: ChannelAccountDto, forwardLabel: string): string {
  const c = readConfig(a.config);
  if (a.kind === 'email') return c.str('inbound') === 'forward' ? `${a.address} · ${forwardLabel}` : `${a.address} · IMAP ${c.at('imap').str('host') ?? ''}`;
  if (a.kind === 'zalo') return [c.str('oaName'), c.str('oaId') && `OA ${c.str('oaId')}`].filter(Boolean).join(' · ') || `App ${c.str('appId') ?? ''}`;
  if (a.kind === 'messenger') return [c.str('pageName'), c.str('pageId') && `Page ${c.str('pageId')}`].filter(Boolean).join(' · ') || a.address;
  if (a.kind === 'phone') return [c.str('hotline'), c.str('provider')].filter(Boolean).join(' · ') || a.address;
  return a.address;
}

interface Props {
  account: ChannelAccountDto;
  canManage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

/** One connected account: name, what it is, status (with the error), on/off, edit and delete for admins. */
export function AccountRow({ account: a, canManage, onEdit, onDelete }: Props) {
  const { t } = useTranslation('channels');
  const toggle = useToggleChannelAccount();
  const color = readConfig(a.config).str('color');
  return (
    <Paper withBorder radius="md" p="sm" data-testid="account-row" data-kind={a.kind} data-account-id={a.id}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" miw={0} align="flex-start">
          {a.kind === 'webchat' && HEX.test(color ?? '') && (
            <span aria-hidden style={{ width: 14, height: 14, marginTop: 4, borderRadius: '50%', background: color, flexShrink: 0 }} />
          )}
          <Stack gap={2} miw={0}>
            <Group gap="xs" wrap="wrap">
              <Text fw={600} size="sm">
                {a.name}
              </Text>
              <AccountStatusBadge account={a} />
              {readConfig(a.config).bool('demo') && (
                <Badge tt="none" size="sm" variant="light" color="grape" data-testid="account-demo">
                  {t('demoBadge')}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" ff={a.kind === 'email' ? undefined : 'monospace'} truncate>
              {subtitle(a, t('email.forwarded'))}
            </Text>
            {a.enabled && a.status === 'error' && a.statusMessage && (
              <Text size="xs" c="red" data-testid="account-status-message">
                {a.statusMessage}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {t('addedOn', { date: formatDate(a.createdAt) })}
            </Text>
          </Stack>
        </Group>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t(a.enabled ? 'turnOff' : 'turnOn')} withArrow>
            <Switch
              checked={a.enabled}
              disabled={!canManage || toggle.isPending}
              onChange={(e) => toggle.mutate({ id: a.id, enabled: e.currentTarget.checked }, { onError: notifyError })}
              aria-label={t(a.enabled ? 'turnOff' : 'turnOn')}
              mr="xs"
              data-testid="account-enabled"
            />
          </Tooltip>
          {canManage && a.kind === 'email' && <FilteredMailButton account={a} />}
          <Tooltip label={canManage ? t(a.kind === 'webchat' ? 'editAndSnippet' : 'edit') : t('view')} withArrow>
            <ActionIcon variant="subtle" color="gray" onClick={onEdit} aria-label={t('edit')} data-testid="account-edit">
              {a.kind === 'webchat' ? <IconCode size={18} /> : <IconPencil size={18} />}
            </ActionIcon>
          </Tooltip>
          {canManage && (
            <Tooltip label={t('delete')} withArrow>
              <ActionIcon variant="subtle" color="red" onClick={onDelete} aria-label={t('delete')} data-testid="account-delete">
                <IconTrash size={18} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
