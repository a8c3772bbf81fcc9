import { useState } from 'react';
import { Button, Popover, ScrollArea, Stack, Text, TextInput, UnstyledButton, Loader, Center } from '@mantine/core';
import { IconMessageBolt, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { toSearchText } from '../../../shared/search-text';
import { useCannedReplies, type CannedReply } from './cannedApi';
import classes from './Thread.module.css';

// The app's one search folding (accents, đ, both tone placements), as the "/" menu and every search use.
const fold = toSearchText;

/** Picks a canned reply by title or shortcut (accent-insensitive search). */
export function CannedPicker({ onPick, disabled }: { onPick: (c: CannedReply) => void; disabled?: boolean }) {
  const { t } = useTranslation('ticket');
  const [opened, setOpened] = useState(false);
  const [q, setQ] = useState('');
  const canned = useCannedReplies(opened);
  const needle = fold(q.trim());
  const list = (canned.data ?? []).filter((c) => !needle || fold(`${c.shortcut} ${c.title} ${c.body}`).includes(needle));
  return (
    <Popover opened={opened} onChange={setOpened} position="top-start" width={380} shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconMessageBolt size={15} />}
          onClick={() => setOpened((o) => !o)}
          disabled={disabled}
          data-testid="canned-button"
        >
          {t('reply.canned')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <TextInput
          size="xs"
          leftSection={<IconSearch size={14} />}
          placeholder={t('reply.cannedSearch')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-autofocus
          mb="xs"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && list[0]) {
              e.preventDefault();
              onPick(list[0]);
              setOpened(false);
            }
          }}
        />
        <ScrollArea.Autosize mah={280}>
          {canned.isPending && (
            <Center py="md">
              <Loader size="xs" />
            </Center>
          )}
          {canned.isSuccess && list.length === 0 && (
            <Text size="xs" c="dimmed" p="xs">
              {t(canned.data.length ? 'reply.cannedNone' : 'reply.cannedEmpty')}
            </Text>
          )}
          <Stack gap={2}>
            {list.map((c) => (
              <UnstyledButton
                key={c.id}
                className={classes.cannedItem}
                onClick={() => {
                  onPick(c);
                  setOpened(false);
                }}
              >
                <Text size="sm" fw={600}>
                  {c.title}{' '}
                  <Text span size="xs" c="dimmed" ff="monospace">
                    /{c.shortcut}
                  </Text>
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {c.body}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
