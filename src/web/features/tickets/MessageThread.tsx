import { useEffect, useRef } from 'react';
import { Center, Loader, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageError } from '../../components/PageError';
import { useUsers } from '../../lib/directory';
import type { Message } from './ticketApi';
import { MessageBubble } from './MessageBubble';

/** The conversation, oldest first; scrolls to the newest message when one arrives. */
export function MessageThread({
  messages,
  loading,
  error,
  customerName,
  ticketId,
}: {
  messages?: Message[];
  loading: boolean;
  error: unknown;
  customerName: string;
  ticketId: string;
}) {
  const { t } = useTranslation('ticket');
  const users = useUsers();
  const endRef = useRef<HTMLDivElement>(null);
  const count = messages?.length ?? 0;
  useEffect(() => {
    if (count) endRef.current?.scrollIntoView({ block: 'nearest' });
  }, [count]);

  const authorName = (m: Message) =>
    (m.direction === 'inbound' ? customerName : null) ||
    m.author?.name || (m.author?.id ? users.data?.find((u) => u.id === m.author!.id)?.name : undefined) || null;

  return (
    <Paper p="lg" radius="md" data-testid="thread">
      {loading && (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      )}
      {!!error && <PageError error={error} />}
      {messages && messages.length === 0 && (
        <Text c="dimmed" ta="center" py="xl">
          {t('thread.empty')}
        </Text>
      )}
      <Stack gap="lg">
        {messages?.map((m) => <MessageBubble key={m.id} message={m} authorName={authorName(m)} ticketId={ticketId} />)}
      </Stack>
      <div ref={endRef} />
    </Paper>
  );
}
