import { ActionIcon, Alert, Badge, Box, Button, Checkbox, Code, CopyButton, Drawer, Group, Menu, Modal, Paper, Skeleton, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCopy, IconDots, IconPlus, IconRefresh, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_AREAS, WEBHOOK_EVENT_GROUPS, type WebhookDelivery, type WebhookSubscription } from '../../../shared/webhooks';
import { PageError } from '../../components/PageError';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useDeliveries, useDelivery, useResend, useSaveSubscription, useSubscriptionAction, useSubscriptions } from './webhooksApi';

const STATUS_COLOR = { pending: 'yellow', succeeded: 'teal', failed: 'red' } as const;

/** Settings → Webhooks: subscriptions (URL + events), their secret, pause/resume, and each one's delivery log with re-send. */
export function WebhooksSettings() {
  const { t } = useTranslation('webhooks');
  const subs = useSubscriptions();
  const [editing, setEditing] = useState<WebhookSubscription | 'new' | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const act = useSubscriptionAction();

  if (subs.isError) return <PageError error={subs.error} />;
  const run = (id: string, action: 'pause' | 'resume' | 'rotate-secret' | 'reveal-secret' | 'delete') =>
    act.mutate({ id, action }, { onSuccess: (r) => r && 'secret' in r && r.secret && setSecret(r.secret) });

  return (
    <Box maw={1100}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div style={{ flex: '1 1 320px' }}>
            <Title order={2}>{t('title')}</Title>
            <Text size="sm" c="dimmed">
              {t('subtitle')}
            </Text>
          </div>
          <Group gap="xs">
            <Button variant="default" onClick={() => setLogOf('workflows')}>
              {t('workflowCalls')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="webhook-new">
              {t('new')}
            </Button>
          </Group>
        </Group>
        {subs.isPending ? (
          <Skeleton h={160} />
        ) : subs.data.length === 0 ? (
          <Paper p="xl" radius="md" withBorder>
            <Text c="dimmed" ta="center">
              {t('none')}
            </Text>
          </Paper>
        ) : (
          <Stack gap="sm">
            {subs.data.map((s) => (
              <Paper key={s.id} p="md" radius="md" withBorder data-testid="webhook-row">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <Text fw={600}>{s.name}</Text>
                      <Badge color={s.status === 'active' ? 'teal' : 'orange'} variant="light">
                        {t(`status.${s.status}`)}
                      </Badge>
                      {s.lastDelivery && (
                        <Badge color={STATUS_COLOR[s.lastDelivery.status as keyof typeof STATUS_COLOR] ?? 'gray'} variant="dot">
                          {t(`delivery.${s.lastDelivery.status}`)} · {formatDateTime(s.lastDelivery.at)}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {s.url}
                    </Text>
                    <Group gap={4}>
                      {s.eventTypes.map((e) => (
                        <Badge key={e} size="xs" variant="outline" color="gray" tt="none">
                          {e}
                        </Badge>
                      ))}
                    </Group>
                    {s.status === 'paused' && (
                      <Alert color="orange" icon={<IconAlertTriangle size={16} />} p="xs" mt={4}>
                        {s.pauseReason === 'failures' ? t('pausedFailures', { count: s.consecutiveFailures }) : t('pausedManual')}
                      </Alert>
                    )}
                  </Stack>
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="light" onClick={() => setLogOf(s.id)}>
                      {t('log')}
                    </Button>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" aria-label={t('more')}>
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEditing(s)}>{t('edit')}</Menu.Item>
                        {s.status === 'active' ? <Menu.Item onClick={() => run(s.id, 'pause')}>{t('pause')}</Menu.Item> : <Menu.Item onClick={() => run(s.id, 'resume')}>{t('resume')}</Menu.Item>}
                        <Menu.Item onClick={() => run(s.id, 'reveal-secret')}>{t('reveal')}</Menu.Item>
                        <Menu.Item onClick={() => window.confirm(t('rotateConfirm')) && run(s.id, 'rotate-secret')}>{t('rotate')}</Menu.Item>
                        <Menu.Divider />
                        <Menu.Item color="red" onClick={() => window.confirm(t('deleteConfirm', { name: s.name })) && run(s.id, 'delete')}>
                          {t('delete')}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
      {editing && <SubscriptionForm sub={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSecret={setSecret} />}
      <Modal opened={secret !== null} onClose={() => setSecret(null)} title={t('secretTitle')} centered>
        <Stack>
          <Text size="sm">{t('secretHelp')}</Text>
          <Group wrap="nowrap" gap="xs">
            <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="webhook-secret">
              {secret}
            </Code>
            <CopyButton value={secret ?? ''}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('copied') : t('copy')}>
                  <ActionIcon variant="light" onClick={copy} aria-label={t('copy')}>
                    <IconCopy size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Stack>
      </Modal>
      <Drawer opened={logOf !== null} onClose={() => setLogOf(null)} position="right" size="xl" title={logOf === 'workflows' ? t('workflowCalls') : t('log')}>
        {logOf && <DeliveryLog id={logOf} />}
      </Drawer>
    </Box>
  );
}

function SubscriptionForm({ sub, onClose, onSecret }: { sub: WebhookSubscription | null; onClose: () => void; onSecret: (s: string) => void }) {
  const { t } = useTranslation('webhooks');
  const [name, setName] = useState(sub?.name ?? '');
  const [url, setUrl] = useState(sub?.url ?? 'https://');
  const [types, setTypes] = useState<string[]>(sub?.eventTypes ?? []);
  const save = useSaveSubscription(sub?.id ?? null);
  const toggle = (v: string, on: boolean) => setTypes((cur) => (on ? [...new Set([...cur, v])] : cur.filter((x) => x !== v)));
  const err = save.error instanceof ApiError ? save.error : null;
  return (
    <Modal opened onClose={onClose} title={sub ? t('edit') : t('new')} size="lg">
      <Stack>
        <TextInput label={t('name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <TextInput label={t('url')} description={t('urlHelp')} value={url} onChange={(e) => setUrl(e.currentTarget.value)} required error={err?.id === 'webhooks.url_not_allowed' ? t('urlNotAllowed') : undefined} />
        <Text fw={500} size="sm">
          {t('events')}
        </Text>
        {WEBHOOK_AREAS.map((area) => {
          const all = types.includes(`${area}.*`);
          return (
            <Paper key={area} p="xs" withBorder radius="sm">
              <Checkbox label={<b>{t('allOf', { area: t(`areas.${area}`) })}</b>} checked={all} onChange={(e) => toggle(`${area}.*`, e.currentTarget.checked)} />
              {!all && (
                <Group gap="md" mt={6} ml="lg">
                  {WEBHOOK_EVENT_GROUPS[area].map((e) => (
                    <Checkbox key={e} size="xs" label={e} checked={types.includes(e)} onChange={(ev) => toggle(e, ev.currentTarget.checked)} />
                  ))}
                </Group>
              )}
            </Paper>
          );
        })}
        {err && err.id !== 'webhooks.url_not_allowed' && <Alert color="red">{err.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button
            loading={save.isPending}
            disabled={!name.trim() || !url.trim() || types.length === 0}
            onClick={() =>
              save.mutate(
                { name, url, eventTypes: types },
                {
                  onSuccess: (r) => {
                    onClose();
                    if (r.secret) onSecret(r.secret);
                  },
                },
              )
            }
          >
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DeliveryLog({ id }: { id: string }) {
  const { t } = useTranslation('webhooks');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const before = pages[pages.length - 1];
  const list = useDeliveries(id, before);
  const [open, setOpen] = useState<string | null>(null);
  if (list.isError) return <PageError error={list.error} />;
  if (list.isPending) return <Skeleton h={200} />;
  if (list.data.items.length === 0) return <Text c="dimmed">{t('noDeliveries')}</Text>;
  return (
    <Stack>
      <Table.ScrollContainer minWidth={520}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('col.time')}</Table.Th>
              <Table.Th>{t('col.event')}</Table.Th>
              <Table.Th>{t('col.status')}</Table.Th>
              <Table.Th>{t('col.attempts')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((d) => (
              <Table.Tr key={d.id} onClick={() => setOpen(d.id)} style={{ cursor: 'pointer' }} data-testid="delivery-row">
                <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                <Table.Td>
                  <Code>{d.eventType}</Code>
                </Table.Td>
                <Table.Td>
                  <DeliveryBadge d={d} />
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Button variant="default" size="xs" disabled={pages.length === 1} onClick={() => setPages((p) => p.slice(0, -1))}>
          {t('newer')}
        </Button>
        <Button variant="default" size="xs" disabled={!list.data.nextBefore} onClick={() => setPages((p) => [...p, list.data.nextBefore])}>
          {t('older')}
        </Button>
      </Group>
      {open && <DeliveryDetail id={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function DeliveryBadge({ d }: { d: Pick<WebhookDelivery, 'status' | 'lastStatusCode'> }) {
  const { t } = useTranslation('webhooks');
  return (
    <Badge color={STATUS_COLOR[d.status]} variant="light">
      {t(`delivery.${d.status}`)}
      {d.lastStatusCode ? ` · ${d.lastStatusCode}` : ''}
    </Badge>
  );
}

function DeliveryDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('webhooks');
  const d = useDelivery(id);
  const resend = useResend();
  return (
    <Modal opened onClose={onClose} size="xl" title={t('deliveryTitle')}>
      {d.isPending ? (
        <Skeleton h={200} />
      ) : d.isError ? (
        <PageError error={d.error} />
      ) : (
        <Stack>
          <Group justify="space-between">
            <Group gap="xs">
              <DeliveryBadge d={d.data} />
              <Code>{d.data.eventType}</Code>
            </Group>
            <Button size="xs" leftSection={<IconSend size={14} />} disabled={d.data.status === 'pending'} loading={resend.isPending} onClick={() => resend.mutate(d.data.id, { onSuccess: onClose })} data-testid="delivery-resend">
              {t('resend')}
            </Button>
          </Group>
          {d.data.status === 'pending' && d.data.nextAttemptAt && (
            <Text size="sm" c="dimmed">
              <IconRefresh size={14} /> {t('nextAttempt', { time: formatDateTime(d.data.nextAttemptAt) })}
            </Text>
          )}
          <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
            X-TanTam-Delivery: {d.data.id}
          </Text>
          <Table.ScrollContainer minWidth={480}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('col.time')}</Table.Th>
                  <Table.Th>{t('col.code')}</Table.Th>
                  <Table.Th>{t('col.duration')}</Table.Th>
                  <Table.Th>{t('col.response')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.data.attemptLog.map((a) => (
                  <Table.Tr key={a.attempt}>
                    <Table.Td>{a.attempt}</Table.Td>
                    <Table.Td>{formatDateTime(a.startedAt)}</Table.Td>
                    <Table.Td>
                      <Badge color={a.statusCode && a.statusCode < 300 ? 'teal' : 'red'} variant="light">
                        {a.statusCode ?? '—'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{a.durationMs} ms</Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace" lineClamp={3} style={{ wordBreak: 'break-all' }}>
                        {a.error ?? a.responseExcerpt}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text fw={500} size="sm">
            {t('body')}
          </Text>
          <Code block style={{ maxHeight: 240, overflow: 'auto' }}>
            {pretty(d.data.body)}
          </Code>
        </Stack>
      )}
    </Modal>
  );
}

function pretty(body: string) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
