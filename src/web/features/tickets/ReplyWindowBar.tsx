import { Group, Progress, Text } from '@mantine/core';
import { IconClockHour4, IconMessageCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyChannel } from './replyChannelApi';
import { replyWindowOf, windowLeft, windowTone } from './replyWindow';

const COLORS = { ok: 'teal', soon: 'orange', urgent: 'red', closed: 'red' } as const;

/** Re-renders every 30 s so the countdown moves while the agent reads and types. */
function useNow(everyMs = 30_000) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/**
 * Above the reply box of a Zalo / Messenger ticket: how long the channel still lets us answer
 * ("còn 31 giờ 12 phút") and, where it counts them, the free replies left ("còn 6/8 lượt"). Shown
 * only when the server reports the channel's window; when it is over the notice below says why and
 * what else to do.
 */
export function ReplyWindowBar({ rc }: { rc: ReplyChannel }) {
  const { t } = useTranslation('reply-window');
  const now = useNow();
  const w = replyWindowOf(rc);
  if (!w) return null;
  const tone = windowTone(w, now);
  const left = w.endsAt ? windowLeft(w.endsAt, now) : null;
  const color = COLORS[tone];
  const channel = t(`channel.${rc.channel}`, { defaultValue: rc.channel });
  return (
    <Group gap="md" px="md" pt={8} wrap="wrap" data-testid="reply-window" data-tone={tone}>
      {left && (
        <Group gap={6} wrap="nowrap">
          <IconClockHour4 size={16} color={`var(--mantine-color-${color}-6)`} />
          <Text size="sm" c={tone === 'ok' ? undefined : color} fw={tone === 'ok' ? 400 : 600} data-testid="reply-window-time">
            {left.closed ? t('closed', { channel }) : t('left', { channel, hours: left.hours, minutes: left.minutes })}
          </Text>
        </Group>
      )}
      {w.repliesLeft !== null && (
        <Group gap={6} wrap="nowrap" style={{ minWidth: 170 }}>
          <IconMessageCircle size={16} color={`var(--mantine-color-${color}-6)`} />
          <Text size="sm" c={tone === 'ok' ? undefined : color} fw={tone === 'ok' ? 400 : 600} data-testid="reply-window-replies">
            {w.repliesMax !== null ? t('repliesOf', { count: w.repliesLeft, max: w.repliesMax }) : t('replies', { count: w.repliesLeft })}
          </Text>
          {w.repliesMax !== null && w.repliesMax > 0 && (
            <Progress value={(100 * w.repliesLeft) / w.repliesMax} color={color} size="sm" w={60} aria-hidden />
          )}
        </Group>
      )}
    </Group>
  );
}
