import { useRef, useState, type KeyboardEvent } from 'react';
import { Badge, Button, CloseButton, FileButton, Group, Kbd, Paper, Tabs, Text, Textarea } from '@mantine/core';
import { IconLock, IconMessageReply, IconPaperclip, IconSend } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';
import { errorMessage } from '../../components/PageError';
import { CannedPicker } from './CannedPicker';
import { renderCanned, useCannedReplies, type CannedReply } from './cannedApi';
import { ReplyAssist } from '../assistant/ReplyAssist';
import { ReplyChannelNotice } from './ReplyChannelNotice';
import { ReplyWindowBar } from './ReplyWindowBar';
import { useReplyChannel } from './replyChannelApi';
import { SlashMenu } from './SlashMenu';
import { filterCanned, replaceSlash, slashAt, type SlashToken } from './slashCommand';
import { useDeliveryOutcome } from './useDeliveryOutcome';
import { readAsBase64 } from './readAsBase64';
import type { Message, TicketDetail } from './ticketApi';
import { useChannelCapabilities } from '../settings/channels/channelsApi';

type Kind = 'reply' | 'note';
const MAX_BYTES = 5 * 1024 * 1024;
/** The agent's typing reaches a chat visitor at most this often. */
const TYPING_EVERY_MS = 2000;

/**
 * Public reply or internal note, with canned replies ("/" + shortcut, or the picker) and attachments;
 * Ctrl+Enter sends. Before the agent types it says whether a reply will go out on the ticket's
 * channel (the server's send-ability check), and its button and toasts say what really happened.
 */
export function ReplyBox({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation(['ticket', 'delivery', 'composer']);
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
  const replyChannel = useReplyChannel(ticket.id);
  const rc = replyChannel.data;
  const blocked = kind === 'reply' && rc?.mode === 'blocked';
  const announce = useDeliveryOutcome(ticket.id);
  // The "/word" being typed (null: no menu), which option is highlighted, and a "/" the agent closed with Esc.
  const [slash, setSlash] = useState<SlashToken | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const canned = useCannedReplies(slash !== null);
  const slashItems = slash ? filterCanned(canned.data ?? [], slash.query) : [];
  const menuOpen = slash !== null && slash.start !== dismissedAt;

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
      return api<{ message: Message }>(`/tickets/${ticket.id}/messages`, {
        method: 'POST',
        body: { kind, body: body.trim(), contentType: 'text', ...(attachments.length ? { attachments } : {}) },
      });
    },
    onSuccess: ({ message }) => {
      setBody('');
      setFiles([]);
      setSlash(null);
      void qc.invalidateQueries({ queryKey: qk.ticket(ticket.id) });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
      // A reply's toast follows its delivery (sending → sent, or why it failed); a note is simply saved.
      if (message.direction === 'outbound') announce(message);
      else notifications.show({ color: 'teal', message: t('reply.noteSaved'), autoClose: 2500 });
    },
    onError: (err) => notifications.show({ color: 'red', title: t('reply.failed'), message: errorMessage(err, t) }),
  });

  const canSend = body.trim().length > 0 && !send.isPending && !blocked;
  const submit = () => canSend && send.mutate();

  /** Follows the caret: opens, narrows or closes the "/" menu. */
  const trackSlash = (text: string, caret: number) => {
    const token = slashAt(text, caret);
    setSlash(token);
    if (token?.query !== slash?.query || token?.start !== slash?.start) setActive(0);
    if (token?.start !== dismissedAt) setDismissedAt(null);
  };

  /** Replaces the "/word" by the canned reply filled in for this ticket. */
  const insertSlash = async (c: CannedReply) => {
    const token = slash;
    const el = area.current;
    if (!token || !el) return;
    const caret = el.selectionStart ?? body.length;
    setSlash(null);
    setInserting(true);
    let text = c.body;
    try {
      const r = await renderCanned(c.id, ticket.id);
      text = r.text;
      if (r.unknownVariables.length) notifications.show({ color: 'yellow', message: t('reply.unknownVariables', { list: r.unknownVariables.join(', ') }) });
    } catch (err) {
      // The template is still useful unfilled: the agent edits the variables by hand.
      notifications.show({ color: 'yellow', message: errorMessage(err, t) });
    } finally {
      setInserting(false);
    }
    const next = replaceSlash(el.value, token, caret, text);
    setBody(next.text);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  /** Arrows, Enter/Tab and Esc drive the "/" menu while it is open; Ctrl+Enter sends. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (menuOpen && slash) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (slashItems.length) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : slashItems.length - 1)) % slashItems.length);
        return;
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey && !e.shiftKey && slashItems[active]) {
        e.preventDefault();
        void insertSlash(slashItems[active]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissedAt(slash.start);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

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
      {kind === 'reply' && rc && <ReplyWindowBar rc={rc} />}
      {kind === 'reply' && rc && <ReplyChannelNotice rc={rc} ticket={ticket} onWriteNote={() => setKind('note')} />}
      <div style={{ position: 'relative' }}>
      {menuOpen && slash && (
        <SlashMenu items={slashItems} active={active} query={slash.query} loading={canned.isPending} onPick={(c) => void insertSlash(c)} onHover={setActive} />
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
          trackSlash(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length);
          if (e.currentTarget.value.trim()) signalTyping();
        }}
        onSelect={(e) => trackSlash(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)}
        onBlur={() => setSlash(null)}
        placeholder={`${t(kind === 'reply' ? 'reply.placeholder' : 'reply.notePlaceholder', { name: ticket.customer.name || t('thread.customer') })} ${t('composer:slash.placeholderHint')}`}
        onKeyDown={onKeyDown}
        aria-expanded={menuOpen}
        aria-controls={menuOpen ? 'slash-menu' : undefined}
        aria-activedescendant={menuOpen && slashItems.length ? `slash-option-${active}` : undefined}
        styles={{ root: { background: kind === 'note' ? 'var(--mantine-color-yellow-0)' : undefined } }}
        data-testid="reply-input"
        aria-label={t(kind === 'reply' ? 'reply.tabReply' : 'reply.tabNote')}
      />
      </div>
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
          <ReplyAssist ticketId={ticket.id} body={body} onText={(x, mode) => setBody((b) => (mode === 'replace' || !b.trim() ? x : `${b.replace(/\s+$/, '')}\n${x}`))} />
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
            color={kind === 'note' ? 'yellow.7' : blocked ? 'gray' : undefined}
            loading={send.isPending}
            leftSection={kind === 'note' ? <IconLock size={16} /> : <IconSend size={16} />}
            data-testid="send-button"
          >
            {kind === 'note' ? t('reply.saveNote') : t(`delivery:button.${blocked ? 'blocked' : rc?.mode === 'records' ? 'record' : 'send'}`)}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
