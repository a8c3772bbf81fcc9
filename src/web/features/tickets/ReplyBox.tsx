import { useRef, useState } from 'react';
import { Badge, Button, CloseButton, FileButton, Group, Kbd, Paper, Tabs, Text, Textarea } from '@mantine/core';
import { IconLock, IconMessageReply, IconPaperclip, IconSend } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';
import { errorMessage } from '../../components/PageError';
import { CannedPicker } from './CannedPicker';
import { renderCanned, type CannedReply } from './cannedApi';
import { readAsBase64 } from './readAsBase64';
import type { TicketDetail } from './ticketApi';
import { useChannelCapabilities } from '../settings/channels/channelsApi';

type Kind = 'reply' | 'note';
const MAX_BYTES = 5 * 1024 * 1024;
/** The agent's typing reaches a chat visitor at most this often. */
const TYPING_EVERY_MS = 2000;

/** Public reply or internal note, with canned replies and attachments; Ctrl+Enter sends. */
export function ReplyBox({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation('ticket');
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('reply');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [inserting, setInserting] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  // Capabilities of the ticket's channel; unknown (no adapter: api, manual …) keeps everything on.
  const caps = useChannelCapabilities(ticket.channel);
  const canAttach = kind === 'note' || !caps || caps.attachments;
  const lastTyping = useRef(0);

  /** Tells a chat visitor we are typing (throttled); a failure only loses the hint. */
  const signalTyping = () => {
    if (kind !== 'reply' || !caps?.typing) return;
    const now = Date.now();
    if (now - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = now;
    api(`/tickets/${ticket.id}/typing`, { method: 'POST' }).catch(() => undefined);
  };

  const send = useMutation({
    mutationFn: async () => {
      const attachments = await Promise.all(
        (canAttach ? files : []).map(async (f) => ({ filename: f.name, contentType: f.type || 'application/octet-stream', dataBase64: await readAsBase64(f) })),
      );
      return api(`/tickets/${ticket.id}/messages`, {
        method: 'POST',
        body: { kind, body: body.trim(), contentType: 'text', ...(attachments.length ? { attachments } : {}) },
      });
    },
    onSuccess: () => {
      setBody('');
      setFiles([]);
      void qc.invalidateQueries({ queryKey: qk.ticket(ticket.id) });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
      notifications.show({ color: 'teal', message: t(kind === 'reply' ? 'reply.sent' : 'reply.noteSaved'), autoClose: 2500 });
    },
    onError: (err) => notifications.show({ color: 'red', title: t('reply.failed'), message: errorMessage(err, t) }),
  });

  const canSend = body.trim().length > 0 && !send.isPending;
  const submit = () => canSend && send.mutate();

  const insertCanned = async (c: CannedReply) => {
    setInserting(true);
    try {
      const r = await renderCanned(c.id, ticket.id);
      setBody((b) => (b.trim() ? `${b.replace(/\s+$/, '')}\n${r.text}` : r.text));
      if (r.unknownVariables.length) {
        notifications.show({ color: 'yellow', message: t('reply.unknownVariables', { list: r.unknownVariables.join(', ') }) });
      }
    } catch (err) {
      // The template is still useful unfilled: the agent edits the variables by hand.
      setBody((b) => (b.trim() ? `${b}\n${c.body}` : c.body));
      notifications.show({ color: 'yellow', message: errorMessage(err, t) });
    } finally {
      setInserting(false);
      area.current?.focus();
    }
  };

  const addFiles = (list: File[]) => {
    const tooBig = list.filter((f) => f.size > MAX_BYTES);
    if (tooBig.length) notifications.show({ color: 'red', message: t('reply.fileTooBig', { name: tooBig[0].name }) });
    setFiles((fs) => [...fs, ...list.filter((f) => f.size <= MAX_BYTES)].slice(0, 10));
  };

  return (
    <Paper radius="md" p={0} style={{ overflow: 'hidden' }} data-testid="reply-box">
      <Tabs value={kind} onChange={(v) => setKind((v as Kind) ?? 'reply')} color={kind === 'note' ? 'yellow' : undefined}>
        <Tabs.List px="md" pt={6}>
          <Tabs.Tab value="reply" leftSection={<IconMessageReply size={16} />}>
            {t('reply.tabReply')}
          </Tabs.Tab>
          <Tabs.Tab value="note" leftSection={<IconLock size={16} />} data-testid="tab-note">
            {t('reply.tabNote')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {kind === 'reply' && caps && !caps.send && (
        <Text size="xs" c="dimmed" px="md" pt={6} data-testid="reply-not-sent">
          {t('reply.recordedOnly')}
        </Text>
      )}
      <Textarea
        ref={area}
        variant="unstyled"
        px="md"
        py="xs"
        autosize
        minRows={4}
        maxRows={14}
        value={body}
        onChange={(e) => {
          setBody(e.currentTarget.value);
          if (e.currentTarget.value.trim()) signalTyping();
        }}
        placeholder={t(kind === 'reply' ? 'reply.placeholder' : 'reply.notePlaceholder', { name: ticket.customer.name || t('thread.customer') })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
        styles={{ root: { background: kind === 'note' ? 'var(--mantine-color-yellow-0)' : undefined } }}
        data-testid="reply-input"
        aria-label={t(kind === 'reply' ? 'reply.tabReply' : 'reply.tabNote')}
      />
      {canAttach && files.length > 0 && (
        <Group gap={6} px="md" pb="xs">
          {files.map((f, i) => (
            <Badge
              key={`${f.name}-${i}`}
              variant="light"
              color="gray"
              leftSection={<IconPaperclip size={12} />}
              rightSection={<CloseButton size="xs" onClick={() => setFiles((fs) => fs.filter((_, j) => j !== i))} aria-label={t('reply.removeFile')} />}
              style={{ textTransform: 'none' }}
            >
              {f.name}
            </Badge>
          ))}
        </Group>
      )}
      <Group justify="space-between" px="md" py="xs" bg="gray.0" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <Group gap="xs">
          <CannedPicker onPick={insertCanned} disabled={inserting} />
          {canAttach && (
            <FileButton onChange={addFiles} multiple>
              {(props) => (
                <Button {...props} variant="default" size="xs" leftSection={<IconPaperclip size={15} />} data-testid="attach-button">
                  {t('reply.attach')}
                </Button>
              )}
            </FileButton>
          )}
        </Group>
        <Group gap="sm">
          <Text size="xs" c="dimmed" visibleFrom="sm">
            <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd>
          </Text>
          <Button
            onClick={submit}
            disabled={!canSend}
            loading={send.isPending}
            color={kind === 'note' ? 'yellow.7' : undefined}
            leftSection={kind === 'note' ? <IconLock size={16} /> : <IconSend size={16} />}
            data-testid="send-button"
          >
            {t(kind === 'reply' ? 'reply.send' : 'reply.saveNote')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
