import { Badge, Group, Paper, ScrollArea, Skeleton, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconMessage, IconPackage, IconPhone, IconStar, IconTicket, IconRoute, type Icon } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { JOURNEY_STAGES, type JourneyStage, type Touchpoint } from '../../../../shared/journey';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useCustomerJourney } from '../../journey/journeyApi';
import { stageVar, STAGE_COLOR } from '../../journey/stageStyle';

const KIND_ICON: Record<Touchpoint['kind'], Icon> = { message: IconMessage, call: IconPhone, ticket: IconTicket, survey: IconStar, order: IconPackage };

/** Consecutive touchpoints of one stage, oldest first. */
function runs(items: Touchpoint[]) {
  const out: { stage: JourneyStage; items: Touchpoint[] }[] = [];
  for (const tp of items) {
    const last = out[out.length - 1];
    if (last && last.stage === tp.stage) last.items.push(tp);
    else out.push({ stage: tp.stage, items: [tp] });
  }
  return out;
}

function useTouchCaption() {
  const { t } = useTranslation(['journey', 'common']);
  return (tp: Touchpoint) => {
    const channel = t(`common:channel.${tp.channel}`, { defaultValue: t(`journey:channel.${tp.channel}`, { defaultValue: tp.channel }) });
    if (tp.kind === 'order') return `${tp.title ?? ''} · ${t(`journey:orderStatus.${tp.detail}`, { defaultValue: tp.detail ?? '' })}`;
    if (tp.kind === 'survey') return `${t('journey:kind.survey')} ${(tp.title ?? '').replace(':', ' ').toUpperCase()}`;
    const dir = tp.direction === 'inbound' ? t('journey:strip.inbound') : tp.direction === 'outbound' ? t('journey:strip.outbound') : '';
    return [t(`journey:kind.${tp.kind}`), channel, dir].filter(Boolean).join(' · ');
  };
}

/** One touchpoint: an icon in its stage's colour, what it was and when. */
function TouchRow({ tp }: { tp: Touchpoint }) {
  const caption = useTouchCaption()(tp);
  const KindIcon = KIND_ICON[tp.kind];
  const body = (
    <Group gap={6} wrap="nowrap" data-testid="journey-touchpoint">
      <ThemeIcon size={20} radius="xl" variant="light" color={STAGE_COLOR[tp.stage]}>
        <KindIcon size={12} />
      </ThemeIcon>
      <div style={{ minWidth: 0 }}>
        <Text size="xs" fw={600} truncate>
          {caption}
        </Text>
        <Text size="xs" c="dimmed" title={formatDateTime(tp.at)}>
          {formatDate(tp.at)}
        </Text>
      </div>
    </Group>
  );
  return tp.ticketId ? (
    <Tooltip label={tp.title ?? ''} disabled={!tp.title} withinPortal>
      <Link to={`/tickets/${tp.ticketId}`} style={{ color: 'inherit', textDecoration: 'none' }}>
        {body}
      </Link>
    </Tooltip>
  ) : (
    body
  );
}

/**
 * The customer's journey on the profile: the stage now (pre-sale → in-sale → post-sale) and a strip
 * of their touchpoints in time order, each run of them under the stage the customer was in.
 */
export function JourneyStrip({ customerId }: { customerId: string }) {
  const { t } = useTranslation('journey');
  const q = useCustomerJourney(customerId);
  const viewport = useRef<HTMLDivElement>(null);
  // The newest touchpoints are at the right end: start there.
  useEffect(() => {
    const el = viewport.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, [q.data]);
  if (q.isPending) return <Skeleton h={150} radius="md" />;
  if (q.isError) return null;
  const j = q.data;
  const segments = runs(j.touchpoints);
  return (
    <Paper p="lg" radius="md" data-testid="journey-strip">
      <Group justify="space-between" wrap="wrap" gap="xs" mb="sm">
        <Group gap={6}>
          <IconRoute size={16} color="var(--mantine-color-gray-6)" />
          <Text size="xs" tt="uppercase" fw={700} c="dimmed" style={{ letterSpacing: 0.4 }}>
            {t('strip.title')}
          </Text>
        </Group>
        <Group gap={4} wrap="wrap">
          {JOURNEY_STAGES.map((s, i) => (
            <Group key={s} gap={4} wrap="nowrap">
              {i > 0 && <Text c="dimmed">→</Text>}
              <Tooltip label={t(`stageHint.${s}`)} withinPortal>
                <Badge
                  style={{ flexShrink: 0, overflow: 'visible' }}
                  size={s === j.stage ? 'md' : 'sm'}
                  variant={s === j.stage ? 'filled' : 'light'}
                  color={STAGE_COLOR[s]}
                  data-testid={s === j.stage ? 'journey-current-stage' : undefined}
                >
                  {t(`stage.${s}`)} · {j.counts[s]}
                </Badge>
              </Tooltip>
            </Group>
          ))}
        </Group>
      </Group>
      {j.stageSince && (
        <Text size="xs" c="dimmed" mb="xs">
          {t('strip.now')} {t(`stage.${j.stage}`)} {t('strip.since', { date: formatDate(j.stageSince) })}
        </Text>
      )}
      {segments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('strip.empty')}
        </Text>
      ) : (
        <ScrollArea type="auto" offsetScrollbars viewportRef={viewport}>
          <Group gap="sm" wrap="nowrap" align="stretch">
            {segments.map((seg, i) => (
              <Stack
                key={`${seg.stage}-${i}`}
                gap={6}
                p="xs"
                miw={190}
                maw={230}
                style={{ borderTop: `3px solid ${stageVar(seg.stage)}`, background: `var(--mantine-color-${STAGE_COLOR[seg.stage]}-0)`, borderRadius: 6 }}
              >
                <Text size="xs" fw={700} c={`${STAGE_COLOR[seg.stage]}.8`}>
                  {t(`stage.${seg.stage}`)}
                </Text>
                {seg.items.length > 6 && (
                  <Text size="xs" c="dimmed">
                    … {seg.items.length - 6}
                  </Text>
                )}
                {seg.items.slice(-6).map((tp) => (
                  <TouchRow key={tp.id} tp={tp} />
                ))}
              </Stack>
            ))}
          </Group>
        </ScrollArea>
      )}
      {j.truncated && (
        <Text size="xs" c="dimmed" mt={6}>
          {t('strip.truncated', { count: j.touchpoints.length })}
        </Text>
      )}
    </Paper>
  );
}
