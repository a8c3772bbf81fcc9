import { Anchor, Badge, Group, Pagination, Paper, ScrollArea, SegmentedControl, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { AT_RISK_REASONS, type AtRiskReason } from '../../../shared/retention';
import { PageError } from '../../components/PageError';
import { formatDate, formatPhone } from '../../lib/format';
import { money, num } from './format';
import { useAtRisk } from './retentionApi';

const PAGE_SIZE = 25;
const COLORS: Record<AtRiskReason, string> = { overdue: 'orange', low_score: 'red', open_complaint: 'grape', lost_order: 'yellow' };

/** /reports/at-risk: active customers likely to lapse, with their reasons, most reasons and value first; links to the 360. */
export function AtRiskPage() {
  const { t } = useTranslation('retention');
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const r = params.get('reason');
  const reason = (AT_RISK_REASONS as readonly string[]).includes(r ?? '') ? (r as AtRiskReason) : undefined;
  const list = useAtRisk(page, PAGE_SIZE, reason);
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="md" data-testid="at-risk-page">
      <div>
        <Text size="sm" c="dimmed">{t('atRisk.subtitle')}</Text>
      </div>
      <ScrollArea type="never">
        <SegmentedControl
          aria-label={t('atRisk.reason')}
          value={reason ?? 'all'}
          onChange={(v) => set({ reason: v === 'all' ? null : v, page: null })}
          data={[{ value: 'all', label: t('filters.all') }, ...AT_RISK_REASONS.map((x) => ({ value: x, label: t(`atRisk.reasons.${x}`) }))]}
        />
      </ScrollArea>
      {list.isError ? (
        <PageError error={list.error} />
      ) : !list.data ? (
        <Skeleton h={300} />
      ) : list.data.rows.length === 0 ? (
        <Paper p="xl" radius="md" withBorder>
          <Text c="dimmed" ta="center">{t('atRisk.none')}</Text>
        </Paper>
      ) : (
        <>
          {/* Phones: one card per customer (a seven-column table would scroll sideways). */}
          <Stack gap="xs" hiddenFrom="sm" data-testid="at-risk-cards">
            {list.data.rows.map((c) => (
              <Paper key={c.customerId} p="sm" radius="md" withBorder data-testid="at-risk-card">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/customers/${c.customerId}`} fw={600}>{c.name || t('atRisk.unnamed')}</Anchor>
                    <Text size="xs" c="dimmed">{formatPhone(c.phone) || c.email}</Text>
                  </div>
                  <Text fw={600} size="sm" style={{ flexShrink: 0 }}>{money(c.clv)}</Text>
                </Group>
                <Group gap={4} mt={6}>
                  {c.reasons.map((x) => (
                    <Badge key={x} color={COLORS[x]} variant="light" size="sm">{t(`atRisk.reasons.${x}`)}</Badge>
                  ))}
                </Group>
                <Text size="xs" c="dimmed" mt={6}>
                  {t('value.last')}: {formatDate(c.lastOrderAt)} · {t('atRisk.days', { count: c.daysSinceLastOrder ?? 0 })}
                  {c.usualGapDays !== null && ` · ${t('atRisk.usual', { days: num(c.usualGapDays) })}`}
                </Text>
              </Paper>
            ))}
          </Stack>
          <Paper radius="md" withBorder visibleFrom="sm">
            <ScrollArea type="auto">
              <Table highlightOnHover miw={760} fz="sm" verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('atRisk.customer')}</Table.Th>
                    <Table.Th>{t('atRisk.reason')}</Table.Th>
                    <Table.Th ta="right">{t('kpi.clvOne')}</Table.Th>
                    <Table.Th ta="right">{t('value.orders')}</Table.Th>
                    <Table.Th>{t('value.last')}</Table.Th>
                    <Table.Th ta="right">{t('atRisk.since')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.rows.map((c) => (
                    <Table.Tr key={c.customerId} data-testid="at-risk-row">
                      <Table.Td>
                        <Anchor component={Link} to={`/customers/${c.customerId}`} fw={600}>{c.name || t('atRisk.unnamed')}</Anchor>
                        <Text size="xs" c="dimmed">{formatPhone(c.phone) || c.email}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {c.reasons.map((x) => (
                            <Badge key={x} color={COLORS[x]} variant="light" size="sm" title={x === 'low_score' && c.lastCsat !== null ? `CSAT ${c.lastCsat}` : undefined}>
                              {t(`atRisk.reasons.${x}`)}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{money(c.clv)}</Table.Td>
                      <Table.Td ta="right">{num(c.orders)}</Table.Td>
                      <Table.Td>{formatDate(c.lastOrderAt)}</Table.Td>
                      <Table.Td ta="right">
                        {t('atRisk.days', { count: c.daysSinceLastOrder ?? 0 })}
                        {c.usualGapDays !== null && <Text size="xs" c="dimmed">{t('atRisk.usual', { days: num(c.usualGapDays) })}</Text>}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </Paper>
        </>
      )}
      {list.data && list.data.total > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">{t('atRisk.total', { count: list.data.total })}</Text>
          {pages > 1 && <Pagination total={pages} value={page} onChange={(p) => set({ page: String(p) })} size="sm" />}
        </Group>
      )}
    </Stack>
  );
}
