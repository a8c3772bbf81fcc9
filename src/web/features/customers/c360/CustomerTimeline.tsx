import { Button, Center, Group, Paper, SegmentedControl, Stack, Text, Timeline, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer360, TimelineItem } from '../../../../shared/customers';
import { useOlderTimeline } from '../customersApi';
import { notifyError } from '../../../lib/apiErrors';
import { TimelineBullet } from './TimelineBullet';
import { TimelineEntry } from './TimelineEntry';

type Filter = 'all' | 'message' | 'note' | 'ticket_opened';
// Calls are conversation entries: the "messages" filter shows them too.
const matches = (f: Filter, i: TimelineItem) =>
  f === 'all' || (f === 'note' ? i.kind === 'note' || i.direction === 'note' : (i.kind === f || (f === 'message' && i.kind === 'call')) && i.direction !== 'note');

/** Everything that happened with the customer, on every channel, newest first, with "load older". */
export function CustomerTimeline({ customerId, first }: { customerId: string; first: Customer360['timeline'] }) {
  const { t } = useTranslation('customers');
  const [filter, setFilter] = useState<Filter>('all');
  const older = useOlderTimeline(customerId, first.nextCursor);
  const items = useMemo(() => {
    const seen = new Set<string>();
    return [...first.items, ...(older.data?.pages.flatMap((p) => p.items) ?? [])].filter((i) => !seen.has(i.id) && !!seen.add(i.id));
  }, [first.items, older.data]);
  const shown = items.filter((i) => matches(filter, i));
  const hasMore = older.data ? older.hasNextPage : !!first.nextCursor;

  const loadMore = async () => {
    const r = older.data ? await older.fetchNextPage() : await older.refetch();
    if (r.error) notifyError(r.error);
  };

  return (
    <Paper p="lg" radius="md">
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={4}>{t('timeline.title')}</Title>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: 'all', label: t('timeline.all') },
            { value: 'message', label: t('timeline.filterMessages') },
            { value: 'note', label: t('timeline.filterNotes') },
            { value: 'ticket_opened', label: t('timeline.filterTickets') },
          ]}
        />
      </Group>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="lg">
          {t('timeline.empty')}
        </Text>
      ) : (
        <Timeline bulletSize={28} lineWidth={2} data-testid="timeline">
          {shown.map((item) => (
            <Timeline.Item key={item.id} bullet={<TimelineBullet item={item} />}>
              <TimelineEntry item={item} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {hasMore && (
        <Center mt="md">
          <Stack gap={0} align="center">
            <Button variant="subtle" onClick={loadMore} loading={older.isFetching}>
              {t('timeline.loadMore')}
            </Button>
          </Stack>
        </Center>
      )}
    </Paper>
  );
}
