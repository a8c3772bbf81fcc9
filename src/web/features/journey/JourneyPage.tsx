import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { IconCalendar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { JOURNEY_STAGES } from '../../../shared/journey';
import { FullPageLoader } from '../../components/FullPageLoader';
import { PageError } from '../../components/PageError';
import { formatDate } from '../../lib/format';
import { VnDatesProvider } from '../settings/hours/VnDatesProvider';
import { DropOffsTable } from './DropOffsTable';
import { JourneyFlow } from './JourneyFlow';
import { useJourneyReport } from './journeyApi';
import { PRESETS, useJourneyPeriod, type Preset } from './journeyPeriod';
import { stageVar } from './stageStyle';
import { TouchpointsChart } from './TouchpointsChart';

/** /journey — the journey map of a period: stages, moves between them, touchpoints, drop-offs. */
export function JourneyPage() {
  const { t } = useTranslation('journey');
  const period = useJourneyPeriod();
  const report = useJourneyReport(period.from, period.to);
  const phone = useMediaQuery('(max-width: 36em)') ?? false;

  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('page.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('page.subtitle')}
          </Text>
        </div>
        <Group gap="sm" align="flex-end" wrap="wrap" w={phone ? '100%' : undefined}>
          <SegmentedControl
            size={phone ? 'xs' : 'sm'}
            fullWidth={phone}
            w={phone ? '100%' : undefined}
            data={PRESETS.map((p) => ({ value: p, label: t(`page.presets.${p}`) }))}
            value={period.preset}
            onChange={(v) => period.choose(v as Preset)}
            data-testid="journey-period"
          />
          {period.preset === 'custom' && (
            <VnDatesProvider>
              <DatePickerInput
                type="range"
                aria-label={t('page.range')}
                placeholder="dd/mm/yyyy – dd/mm/yyyy"
                valueFormat="DD/MM/YYYY"
                value={[period.from, period.to]}
                onChange={([a, b]) => a && b && period.choose('custom', [a, b])}
                leftSection={<IconCalendar size={16} />}
                maxDate={new Date()}
                w={250}
              />
            </VnDatesProvider>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed" data-testid="journey-range">
        {formatDate(period.from)} – {formatDate(period.to)}
      </Text>
      {report.isPending ? (
        <FullPageLoader />
      ) : report.isError ? (
        <PageError error={report.error} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            {JOURNEY_STAGES.map((s) => (
              <Paper key={s} p="lg" radius="md" style={{ borderTop: `4px solid ${stageVar(s)}` }} data-testid={`journey-stage-${s}`}>
                <Text size="sm" fw={700} c="dimmed" tt="uppercase">
                  {t(`stage.${s}`)}
                </Text>
                <Group gap={6} align="baseline">
                  <Text fz={32} fw={800} data-testid="journey-stage-count">
                    {report.data.stages[s].toLocaleString('vi-VN')}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t('page.atEnd')}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {t(`stageHint.${s}`)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <JourneyFlow flows={report.data.flows} />
          <TouchpointsChart touchpoints={report.data.touchpoints} />
          <DropOffsTable report={report.data} />
        </>
      )}
    </Stack>
  );
}
