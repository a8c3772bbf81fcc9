import { useMemo } from 'react';
import DOMPurify from 'dompurify';
import { Anchor, Badge, Box, Group, Stack, Text, Tooltip, Typography } from '@mantine/core';
import { IconLock, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from '../../components/ChannelIcon';
import { CallCard } from '../calls/CallCard';
import { formatDateTime, formatRelative } from '../../lib/format';
import { attachmentUrl, type Message } from './ticketApi';
import { DeliveryState } from './DeliveryState';
import { downloadAttachment } from './downloadAttachment';
import { AutoLabel, EmailHeader, hasEmailHeader } from './EmailHeader';
import { QuotedHistory } from './QuotedHistory';
import { RemoteImagesGate } from './RemoteImagesGate';
import classes from './Thread.module.css';
import { SentimentBadge } from '../ai/SentimentBadge';

/** HTML from email can carry scripts, trackers and styles: keep only harmless formatting. */
function sanitize(html: string) {
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
}

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * One message: customer's on the left, ours on the right, internal notes in yellow. Email shows its
 * header and folds the quoted history; outbound messages show their delivery status; a call is a card.
 */
export function MessageBubble({ message: m, authorName, ticketId }: { message: Message; authorName: string | null; ticketId: string }) {
  const { t } = useTranslation(['ticket', 'common']);
  const d = m.details;
  // The server already sanitised details.html; DOMPurify again because the browser is where it runs.
  const html = useMemo(() => (d.html ? sanitize(d.html) : m.contentType === 'html' ? sanitize(m.body) : null), [m.body, m.contentType, d.html]);
  const mine = m.direction !== 'inbound';
  const who =
    m.direction === 'inbound' ? authorName || t('thread.customer') : (d.ai?.label ?? (authorName || t(m.direction === 'note' ? 'thread.someone' : 'thread.agent')));
  // The AI's prefix on Zalo/Messenger is what the customer read; here the badge says it, so the text starts after it.
  const body = d.ai?.prefix && m.body.startsWith(d.ai.prefix) ? m.body.slice(d.ai.prefix.length) : m.body;
  return (
    <Stack gap={4} align={mine ? 'flex-end' : 'flex-start'} data-testid="message" data-direction={m.direction} data-message-id={m.id}>
      <Group gap={6} c="dimmed" wrap="nowrap">
        {m.direction === 'note' && <IconLock size={13} />}
        <Text size="xs" fw={600} c="var(--mantine-color-text)">
          {who}
        </Text>
        {d.ai && (
          <Tooltip
            label={m.direction === 'note' ? t('thread.aiNote') : d.ai.prefix ? t('thread.aiPrefixed', { prefix: d.ai.prefix.trim() }) : t('thread.aiBadged', { label: d.ai.label })}
            withArrow
            multiline
            w={260}
          >
            <Badge size="xs" color="violet" variant="light" data-testid="message-ai-badge">
              AI
            </Badge>
          </Tooltip>
        )}
        <Text size="xs">
          {m.direction === 'note' ? t('thread.internalNote') : t(`common:channel.${m.channel}`, { defaultValue: m.channel })}
        </Text>
        <Text size="xs">·</Text>
        <Tooltip label={formatDateTime(m.createdAt)} withArrow>
          <Text size="xs">{formatRelative(m.createdAt)}</Text>
        </Tooltip>
        {d.auto && <AutoLabel kind={d.auto} />}
        {m.direction === 'inbound' && <ChannelIcon channel={m.channel} size={18} />}
        {m.direction === 'inbound' && <SentimentBadge ticketId={ticketId} messageId={m.id} />}
      </Group>
      {d.call ? (
        <CallCard call={d.call} />
      ) : (
        <Box className={classes.bubble} data-kind={m.direction}>
          {hasEmailHeader(d) && <EmailHeader details={d} />}
          {html !== null ? (
            <Typography fz="sm">
              <RemoteImagesGate html={html} className={classes.html} />
            </Typography>
          ) : (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="message-body">
              {body}
            </Text>
          )}
          {d.quoted && <QuotedHistory text={d.quoted} />}
          {m.attachments.length > 0 && (
            <Stack gap={2} mt="xs">
              {m.attachments.map((a) => (
                <Anchor
                  key={a.id}
                  href={attachmentUrl(a.id)}
                  size="xs"
                  onClick={(e) => {
                    e.preventDefault();
                    void downloadAttachment(a.id, a.filename);
                  }}
                >
                  <Group gap={4} wrap="nowrap">
                    <IconPaperclip size={13} />
                    {a.filename} <Text span size="xs" c="dimmed">({kb(a.size)})</Text>
                  </Group>
                </Anchor>
              ))}
            </Stack>
          )}
        </Box>
      )}
      {m.direction === 'outbound' && <DeliveryState message={m} ticketId={ticketId} />}
    </Stack>
  );
}
