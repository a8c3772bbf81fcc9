import { useMemo } from 'react';
import DOMPurify from 'dompurify';
import { Anchor, Box, Group, Stack, Text, Tooltip, Typography } from '@mantine/core';
import { IconLock, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from '../../components/ChannelIcon';
import { formatDateTime, formatRelative } from '../../lib/format';
import type { MessageView } from './ticketApi';
import classes from './Thread.module.css';

/** HTML from email can carry scripts, trackers and styles: keep only harmless formatting. */
function sanitize(html: string) {
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
}

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** One message: customer's on the left, ours on the right, internal notes in yellow. */
export function MessageBubble({ message: m, authorName }: { message: MessageView; authorName: string | null }) {
  const { t } = useTranslation(['ticket', 'common']);
  const html = useMemo(() => (m.contentType === 'html' ? sanitize(m.body) : null), [m.body, m.contentType]);
  const mine = m.direction !== 'inbound';
  const who =
    m.direction === 'inbound' ? authorName || t('thread.customer') : authorName || t(m.direction === 'note' ? 'thread.someone' : 'thread.agent');
  return (
    <Stack gap={4} align={mine ? 'flex-end' : 'flex-start'} data-testid="message" data-direction={m.direction}>
      <Group gap={6} c="dimmed" wrap="nowrap">
        {m.direction === 'note' && <IconLock size={13} />}
        <Text size="xs" fw={600} c="var(--mantine-color-text)">
          {who}
        </Text>
        <Text size="xs">
          {m.direction === 'note' ? t('thread.internalNote') : t(`common:channel.${m.channel}`, { defaultValue: m.channel })}
        </Text>
        <Text size="xs">·</Text>
        <Tooltip label={formatDateTime(m.createdAt)} withArrow>
          <Text size="xs">{formatRelative(m.createdAt)}</Text>
        </Tooltip>
        {m.direction === 'inbound' && <ChannelIcon channel={m.channel} size={18} />}
      </Group>
      <Box className={classes.bubble} data-kind={m.direction}>
        {html !== null ? (
          <Typography fz="sm">
            <div className={classes.html} dangerouslySetInnerHTML={{ __html: html }} />
          </Typography>
        ) : (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {m.body}
          </Text>
        )}
        {m.attachments.length > 0 && (
          <Stack gap={2} mt="xs">
            {m.attachments.map((a) => (
              <Anchor key={a.id} href={a.url} target="_blank" rel="noopener" size="xs">
                <Group gap={4} wrap="nowrap">
                  <IconPaperclip size={13} />
                  {a.filename} <Text span size="xs" c="dimmed">({kb(a.size)})</Text>
                </Group>
              </Anchor>
            ))}
          </Stack>
        )}
      </Box>
    </Stack>
  );
}
