import { Badge, Box, Button, Grid, Group, NavLink, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageError } from '../../components/PageError';
import { useMe } from '../../lib/session';
import { SegmentEditor } from './SegmentEditor';
import { useSegments } from './segmentsApi';

/** /segments — saved segments on the left, the selected (or a new) one's builder, count and preview on the right. */
export function SegmentsPage() {
  const { t } = useTranslation('segments');
  const [params, setParams] = useSearchParams();
  const selected = params.get('id');
  const list = useSegments();
  const me = useMe();
  const canManage = ['admin', 'supervisor'].includes(me.data?.actor.role ?? '');
  const select = (id: string | null) => setParams(id ? { id } : {}, { replace: false });

  if (list.isError) return <PageError error={list.error} />;
  const segment = selected ? (list.data?.find((s) => s.id === selected) ?? null) : null;

  return (
    <Box maw={1400} mx="auto">
      <Stack gap="md">
        <div>
          <Title order={2}>{t('title')}</Title>
          <Text size="sm" c="dimmed" maw={820}>
            {t('subtitle')}
          </Text>
        </div>
        <Grid gutter="md">
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            <Paper p="md" radius="md">
              <Group justify="space-between" mb="xs">
                <Text fw={600} size="sm">
                  {t('saved')}
                </Text>
                <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => select(null)}>
                  {t('new')}
                </Button>
              </Group>
              {list.isPending ? (
                <Skeleton h={120} />
              ) : list.data.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('none')}
                </Text>
              ) : (
                <Stack gap={2}>
                  {list.data.map((s) => (
                    <NavLink
                      key={s.id}
                      label={s.name}
                      description={s.description || undefined}
                      active={s.id === selected}
                      onClick={() => select(s.id)}
                      variant="light"
                      style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                      rightSection={
                        <Badge size="sm" variant="light" color={s.lastCount === null ? 'gray' : 'blue'}>
                          {s.lastCount === null ? t('notCounted') : s.lastCount.toLocaleString('vi-VN')}
                        </Badge>
                      }
                    />
                  ))}
                </Stack>
              )}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            {selected && list.isPending ? (
              <Skeleton h={300} />
            ) : (
              <SegmentEditor key={segment?.id ?? 'new'} segment={segment} canManage={canManage} onSaved={(id) => select(id)} onDeleted={() => select(null)} />
            )}
          </Grid.Col>
        </Grid>
      </Stack>
    </Box>
  );
}
