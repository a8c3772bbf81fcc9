import { Anchor, Badge, Button, Group, Menu, Popover, Stack, Text } from '@mantine/core';
import { IconBook, IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../lib/apiErrors';
import { streamAssist, useTicketSuggestions } from './assistantApi';

interface Props {
  ticketId: string;
  /** The reply box's text (what "rewrite" rewrites). */
  body: string;
  /** Puts text into the reply box (suggestions only: the agent edits and sends). */
  onText(text: string, mode: 'append' | 'replace'): void;
}

/** The reply box's helpers: suggested knowledge-base articles, and AI draft / summary / rewrite (streamed into the box, never sent). */
export function ReplyAssist({ ticketId, body, onText }: Props) {
  const { t } = useTranslation('assistant');
  const suggestions = useTicketSuggestions(ticketId);
  const [busy, setBusy] = useState<string | null>(null);
  const items = suggestions.data?.items ?? [];

  const run = async (kind: 'draft' | 'summary' | 'rewrite') => {
    setBusy(kind);
    try {
      await streamAssist(ticketId, { kind, text: kind === 'rewrite' ? body : undefined }, (text) => onText(text, 'replace'));
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Group gap="xs">
      <Popover width={360} position="top-start" shadow="md">
        <Popover.Target>
          <Button variant="default" size="xs" leftSection={<IconBook size={15} />} rightSection={items.length ? <Badge size="xs" circle>{items.length}</Badge> : undefined} data-testid="kb-suggestions">
            {t('reply.articles')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">{t('reply.noArticles')}</Text>
          ) : (
            <Stack gap="sm">
              {items.map((h) => (
                <div key={h.id}>
                  <Text size="sm" fw={600}>{h.title}</Text>
                  <Text size="xs" c="dimmed" lineClamp={3}>{h.passage}</Text>
                  <Group gap="xs" mt={4}>
                    <Anchor size="xs" component="button" onClick={() => onText(h.passage.split('\n').slice(h.passage.includes('\n') ? 1 : 0).join('\n'), 'append')}>{t('reply.insert')}</Anchor>
                    <Anchor size="xs" href={`/knowledge?id=${h.id}`} target="_blank">{t('reply.open')}</Anchor>
                  </Group>
                </div>
              ))}
            </Stack>
          )}
        </Popover.Dropdown>
      </Popover>
      <Menu position="top-start">
        <Menu.Target>
          <Button variant="default" size="xs" leftSection={<IconSparkles size={15} />} loading={!!busy} data-testid="ai-assist">
            {t('reply.ai')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void run('draft')}>{t('reply.draft')}</Menu.Item>
          <Menu.Item onClick={() => void run('summary')}>{t('reply.summary')}</Menu.Item>
          <Menu.Item onClick={() => void run('rewrite')} disabled={!body.trim()}>{t('reply.rewrite')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
