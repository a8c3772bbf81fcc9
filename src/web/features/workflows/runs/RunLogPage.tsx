import { ActionIcon, Anchor, Badge, Box, Button, Group, Paper, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { RUN_STATUSES, type RunSummary } from '../../../../shared/workflows';
import { PageError } from '../../../components/PageError';
import { lookupCustomers } from '../../../lib/customerLookup';
import { formatDateTime } from '../../../lib/format';
import { useTypeText } from '../editor/typeText';
import { useRuns, useWorkflows, type RunFilters } from '../workflowsApi';

export const RUN_STATUS_COLOR: Record<string, string> = {
  queued: 'gray',
  running: 'blue',
  waiting: 'indigo',
  completed: 'green',
  failed: 'red',
  stopped: 'orange',
  cancelled: 'gray',
};

/** How long a run took, or "—" while it runs. */
export function runDuration(startedAt: string | null, finishedAt: string | null): string {
  if (!startedAt || !finishedAt) return '—';
  const ms = new Date(finishedAt).getTime() - new Date(startedAt).getTime();
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
  return `${Math.round(ms / 60_000)} ph`;
}

/** /workflows/runs — every run, newest first, filtered by workflow, status, customer and ticket (kept in the URL). */
export function RunLogPage() {
  const { t } = useTranslation('workflows');
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const workflows = useWorkflows();
  const typeText = useTypeText();
  const [cursors, setCursors] = useState<string[]>([]);
  const filters: RunFilters = {
    workflowId: params.get('workflowId') ?? undefined,
    status: params.get('status') ?? undefined,
    customerId: params.get('customerId') ?? undefined,
    ticketId: params.get('ticketId') ?? undefined,
    cursor: cursors[cursors.length - 1],
  };
  const runs = useRuns(filters, 10_000);
  const setFilter = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setCursors([]);
    setParams(next, { replace: true });
  };
  const [customerQ, setCustomerQ] = useState('');
  const [q] = useDebouncedValue(customerQ, 250);
  const customers = useQuery({ queryKey: ['customer-lookup', q], queryFn: ({ signal }) => lookupCustomers(q, signal), enabled: q.trim().length >= 2 });
  const customerName = params.get('customerName');
  const wfName = workflows.data?.find((w) => w.id === filters.workflowId)?.name;

  if (runs.isError) return <PageError error={runs.error} />;
  const items = runs.data?.items ?? [];
  const open = (r: RunSummary) => navigate(`/workflows/runs/${r.id}`);

  return (
    <Box maw={1300} mx="auto">
      <Stack gap="md">
        <Group gap="xs">
          <ActionIcon component={Link} to={filters.workflowId ? `/workflows/${filters.workflowId}` : '/workflows'} variant="subtle" aria-label={t('editor.back')}>
            <IconArrowLeft size={18} />
          </ActionIcon>
          <div>
            <Title order={2}>{wfName ? t('runs.titleFor', { name: wfName }) : t('runs.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('runs.subtitle')}
            </Text>
          </div>
        </Group>
        <Paper p="sm">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label={t('runs.workflow')}
              placeholder={t('runs.all')}
              data={(workflows.data ?? []).map((w) => ({ value: w.id, label: w.name }))}
              value={filters.workflowId ?? null}
              onChange={(v) => setFilter('workflowId', v)}
              clearable
              searchable
              w={narrow ? '100%' : 240}
              data-testid="runs-filter-workflow"
            />
            <Select
              label={t('runs.status')}
              placeholder={t('runs.all')}
              data={RUN_STATUSES.map((s) => ({ value: s, label: t(`runStatus.${s}`) }))}
              value={filters.status ?? null}
              onChange={(v) => setFilter('status', v)}
              clearable
              w={narrow ? '100%' : 170}
              data-testid="runs-filter-status"
            />
            {filters.customerId ? (
              <Badge size="lg" variant="light" rightSection={<IconX size={12} style={{ cursor: 'pointer' }} onClick={() => { setFilter('customerId', null); }} />}>
                {t('runs.customer')}: {customerName ?? filters.customerId.slice(0, 8)}
              </Badge>
            ) : (
              <Select
                label={t('runs.customer')}
                placeholder={t('runs.customerSearch')}
                searchable
                searchValue={customerQ}
                onSearchChange={setCustomerQ}
                data={(customers.data ?? []).map((c) => ({ value: c.id, label: [c.name, c.phone ?? c.email].filter(Boolean).join(' · ') }))}
                filter={({ options }) => options}
                value={null}
                onChange={(v) => {
                  if (!v) return;
                  const next = new URLSearchParams(params);
                  next.set('customerId', v);
                  next.set('customerName', customers.data?.find((c) => c.id === v)?.name ?? '');
                  setCursors([]);
                  setParams(next, { replace: true });
                  setCustomerQ('');
                }}
                nothingFoundMessage={q.trim().length >= 2 ? t('runs.noCustomer') : undefined}
                w={narrow ? '100%' : 240}
              />
            )}
            {filters.ticketId && (
              <Badge size="lg" variant="light" rightSection={<IconX size={12} style={{ cursor: 'pointer' }} onClick={() => setFilter('ticketId', null)} />}>
                {t('runs.ticketFilter')}
              </Badge>
            )}
          </Group>
        </Paper>
        {runs.isPending ? (
          <Skeleton h={300} />
        ) : items.length === 0 ? (
          <Paper p="lg">
            <Text c="dimmed" size="sm" data-testid="runs-empty">
              {t('runs.empty')}
            </Text>
          </Paper>
        ) : narrow ? (
          <Stack gap="xs" data-testid="runs-list">
            {items.map((r) => (
              <Paper key={r.id} p="sm" component={Link} to={`/workflows/runs/${r.id}`} style={{ color: 'inherit', textDecoration: 'none' }} data-testid="run-row">
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} lineClamp={1}>
                      {r.workflowName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {typeText.label('trigger', r.triggerType)} · v{r.version}
                    </Text>
                  </div>
                  <Badge color={RUN_STATUS_COLOR[r.status]} variant="light">
                    {t(`runStatus.${r.status}`)}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed" mt={4}>
                  {formatDateTime(r.startedAt)}
                  {r.customer ? ` · ${r.customer.name}` : ''}
                  {r.ticket ? ` · #${r.ticket.number}` : ''}
                </Text>
                {r.stopReason && (
                  <Text size="xs" c="orange.8">
                    {t(`stopReasons.${r.stopReason}`, { defaultValue: r.stopReason })}
                  </Text>
                )}
              </Paper>
            ))}
          </Stack>
        ) : (
          <Paper p={0} style={{ overflow: 'hidden' }}>
            <Table highlightOnHover verticalSpacing="xs" data-testid="runs-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('runs.started')}</Table.Th>
                  <Table.Th>{t('runs.workflow')}</Table.Th>
                  <Table.Th>{t('runs.trigger')}</Table.Th>
                  <Table.Th>{t('runs.status')}</Table.Th>
                  <Table.Th>{t('runs.customer')}</Table.Th>
                  <Table.Th>{t('runs.ticket')}</Table.Th>
                  <Table.Th ta="right">{t('runs.duration')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => open(r)} data-testid="run-row">
                    <Table.Td>
                      <Text size="sm">{formatDateTime(r.startedAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {r.workflowName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('status.version', { version: r.version })}
                        {r.depth > 0 ? ` · ${t('runs.depth', { depth: r.depth })}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{typeText.label('trigger', r.triggerType)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={RUN_STATUS_COLOR[r.status]} variant="light">
                        {t(`runStatus.${r.status}`)}
                      </Badge>
                      {r.stopReason && (
                        <Text size="xs" c="orange.8">
                          {t(`stopReasons.${r.stopReason}`, { defaultValue: r.stopReason })}
                        </Text>
                      )}
                      {r.errorCount > 0 && (
                        <Text size="xs" c="red">
                          {t('runs.errors', { count: r.errorCount })}
                        </Text>
                      )}
                      {r.waitingUntil && (
                        <Text size="xs" c="dimmed">
                          {t('runs.waitingUntil', { at: formatDateTime(r.waitingUntil) })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      {r.customer ? (
                        <Anchor component={Link} to={`/customers/${r.customer.id}`} size="sm">
                          {r.customer.name}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      {r.ticket ? (
                        <Anchor component={Link} to={`/tickets/${r.ticket.id}`} size="sm">
                          #{r.ticket.number}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{runDuration(r.startedAt, r.finishedAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        <Group justify="center" gap="xs">
          {cursors.length > 0 && (
            <Button variant="default" size="xs" onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('runs.newer')}
            </Button>
          )}
          {runs.data?.nextCursor && (
            <Button variant="default" size="xs" onClick={() => setCursors((c) => [...c, runs.data!.nextCursor!])}>
              {t('runs.older')}
            </Button>
          )}
        </Group>
      </Stack>
    </Box>
  );
}
