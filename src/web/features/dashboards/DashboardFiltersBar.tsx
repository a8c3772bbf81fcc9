import { Group, Paper, Select, SegmentedControl } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../../../shared/common';
import { useTeams, useUsers } from '../../lib/directory';
import { SegmentFilterSelect } from '../segments/SegmentFilterSelect';
import { VnDatesProvider } from '../settings/hours/VnDatesProvider';
import type { DashboardFilters } from './useDashboardFilters';

/** Period, granularity, channel, team and agent; every change goes to the URL. */
export function DashboardFiltersBar({
  filters,
  update,
  periodOnly = false,
  withSegment = !periodOnly,
  leading,
}: {
  /** The saved-segment picker (reports over a segment's customers); on unless periodOnly. */
  withSegment?: boolean;
  /** Controls shown before the period (the scorecard's agent picker). */
  leading?: React.ReactNode;
  filters: DashboardFilters;
  update: (patch: Record<string, string | null | undefined>) => void;
  /** Just the period (a scorecard is one agent's, across channels and teams). */
  periodOnly?: boolean;
}) {
  const { t } = useTranslation('dashboards');
  const { t: tc } = useTranslation();
  const teams = useTeams();
  const users = useUsers();
  const presets = ['7d', '30d', '90d', 'month', 'custom'] as const;

  return (
    <Paper p="sm" radius="md" withBorder>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {leading}
        <Select
          label={t('filters.period')}
          data={presets.map((p) => ({ value: p, label: t(`filters.presets.${p}`) }))}
          value={filters.preset}
          allowDeselect={false}
          onChange={(v) => v && update(v === 'custom' ? { period: v, from: filters.from, to: filters.to } : { period: v })}
          style={{ flex: '1 1 140px', maxWidth: 230 }}
          data-testid="period-filter"
          comboboxProps={{ withinPortal: true }}
        />
        {filters.preset === 'custom' && (
          <VnDatesProvider>
            <DatePickerInput
              type="range"
              label={t('filters.range')}
              placeholder="dd/mm/yyyy – dd/mm/yyyy"
              valueFormat="DD/MM/YYYY"
              value={[filters.from, filters.to]}
              onChange={([a, b]) => a && b && update({ period: 'custom', from: a, to: b })}
              leftSection={<IconCalendar size={16} />}
              maxDate={new Date()}
              w={250}
              data-testid="range-filter"
            />
          </VnDatesProvider>
        )}
        {!periodOnly && (
          <>
        <div>
          <SegmentedControl
            aria-label={t('filters.granularity')}
            data={(['auto', 'day', 'week', 'month'] as const).map((g) => ({ value: g, label: t(`filters.granularities.${g}`) }))}
            value={filters.granularity}
            onChange={(v) => update({ granularity: v })}
          />
        </div>
        <Select
          label={t('filters.channel')}
          placeholder={t('filters.all')}
          data={CHANNELS.map((c) => ({ value: c, label: tc(`channel.${c}`) }))}
          value={filters.channel ?? null}
          onChange={(v) => update({ channel: v })}
          clearable
          style={{ flex: '1 1 140px', maxWidth: 220 }}
        />
        <Select
          label={t('filters.team')}
          placeholder={t('filters.all')}
          data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={filters.teamId ?? null}
          onChange={(v) => update({ teamId: v })}
          clearable
          searchable
          style={{ flex: '1 1 140px', maxWidth: 240 }}
        />
        <Select
          label={t('filters.agent')}
          placeholder={t('filters.all')}
          data={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
          value={filters.agentId ?? null}
          onChange={(v) => update({ agentId: v })}
          clearable
          searchable
          style={{ flex: '1 1 140px', maxWidth: 260 }}
        />
          </>
        )}
        {withSegment && <SegmentFilterSelect value={filters.segmentId ?? null} onChange={(v) => update({ segmentId: v })} />}
      </Group>
    </Paper>
  );
}
