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
import type { TicketView } from './ticketApi';

type Kind = 'reply' | 'note';
const MAX_BYTES = 5 * 1024 * 1024;

/** Public reply or internal note, with canned replies and attachments; Ctrl+Enter sends. */
export function ReplyBox({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation('ticket');
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('reply');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [inserting, setInserting] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  const send = useMutation({
    mutationFn: async () => {
      const attachments = await Promise.all(
        files.map(async (f) => ({ filename: f.name, contentType: f.type || 'application/octet-stream', dataBase64: await readAsBase64(f) })),
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
      <Textarea
        ref={area}
        variant="unstyled"
        px="md"
        py="xs"
        autosize
        minRows={4}
        maxRows={14}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
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
      {files.length > 0 && (
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
          <FileButton onChange={addFiles} multiple>
            {(props) => (
              <Button {...props} variant="default" size="xs" leftSection={<IconPaperclip size={15} />}>
                {t('reply.attach')}
              </Button>
            )}
          </FileButton>
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
