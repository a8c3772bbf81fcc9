import { Anchor, MultiSelect, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTeams } from '../../lib/directory';
import { useSegments } from '../segments/segmentsApi';

/**
 * Where a hand-off goes and who is always served by people: the team the ticket is routed to (its
 * round-robin picks the agent) and the customer segments (VIP …) the AI never answers.
 */
export function HandoffFields({ teamId, segmentIds, onChange }: { teamId: string | null; segmentIds: string[]; onChange: (next: { teamId: string | null; segmentIds: string[] }) => void }) {
  const { t } = useTranslation('assistant');
  const teams = useTeams();
  const segments = useSegments();
  // A segment deleted since it was picked no longer marks anyone; it is dropped at the next save.
  const known = segmentIds.filter((id) => !segments.data || segments.data.some((s) => s.id === id));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>{t('handoff.title')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('handoff.team')}
          description={t('handoff.teamHint')}
          placeholder={t('handoff.teamNone')}
          clearable
          data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
          value={teamId}
          onChange={(v) => onChange({ teamId: v, segmentIds: known })}
          data-testid="handoff-team"
        />
        <MultiSelect
          label={t('handoff.segments')}
          description={t('handoff.segmentsHint')}
          placeholder={known.length ? undefined : t('handoff.segmentsNone')}
          data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={known}
          onChange={(v) => onChange({ teamId, segmentIds: v })}
          maxValues={20}
          searchable
          data-testid="handoff-segments"
        />
      </SimpleGrid>
      {segments.data?.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('handoff.noSegments')}{' '}
          <Anchor component={Link} to="/segments" size="xs">
            {t('handoff.createSegment')}
          </Anchor>
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('agent.handoffWhen')} {t('agent.handoffRules')}
      </Text>
    </Stack>
  );
}
