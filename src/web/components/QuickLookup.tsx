import { useState } from 'react';
import { ActionIcon, Badge, Box, Group, Kbd, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconSearch, IconPhone, IconMail, IconUserSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { lookupCustomers } from '../lib/customerLookup';
import { qk } from '../lib/queryKeys';
import { formatPhone } from '../lib/format';
import { CustomerAvatar } from './CustomerAvatar';
import { Highlight } from './Highlight';
import classes from './QuickLookup.module.css';

/**
 * The header search box and its Ctrl+K dialog: a phone in any format, an email or part of one
 * ("hotmail", "fpt.vn"), or a name with or without diacritics finds the customer, the matched words
 * marked; Enter opens their 360 page.
 */
export function QuickLookup() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  // Ctrl+K works even while typing a reply; "/" only outside text fields.
  useHotkeys([['mod+K', () => setOpened(true)]], []);
  useHotkeys([['/', () => setOpened(true)]]);
  return (
    <>
      <ActionIcon variant="default" size="lg" hiddenFrom="sm" onClick={() => setOpened(true)} aria-label={t('lookup.placeholder')}>
        <IconSearch size={18} />
      </ActionIcon>
      <UnstyledButton
        className={classes.trigger}
        visibleFrom="sm"
        onClick={() => setOpened(true)}
        data-testid="quick-lookup"
        aria-label={t('lookup.placeholder')}
      >
        <Group gap={8} wrap="nowrap" justify="space-between">
          <Group gap={8} wrap="nowrap" miw={0}>
            <IconSearch size={16} stroke={1.8} />
            <Text size="sm" c="dimmed" truncate>
              {t('lookup.placeholder')}
            </Text>
          </Group>
          <Box visibleFrom="md">
            <Kbd size="xs">Ctrl</Kbd> <Kbd size="xs">K</Kbd>
          </Box>
        </Group>
      </UnstyledButton>
      <Modal opened={opened} onClose={() => setOpened(false)} withCloseButton={false} size="lg" padding={0} yOffset="10vh" radius="md">
        {opened && <LookupDialog onDone={() => setOpened(false)} />}
      </Modal>
    </>
  );
}

function LookupDialog({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 200);
  // The highlighted hit belongs to the search it was picked in: a new search starts at the first hit.
  const [picked, setPicked] = useState({ q: '', index: 0 });
  const active = picked.q === debounced ? picked.index : 0;
  const setActive = (index: number) => setPicked({ q: debounced, index });
  const enabled = debounced.length >= 2;
  const hits = useQuery({
    queryKey: qk.lookup(debounced),
    queryFn: ({ signal }) => lookupCustomers(debounced, signal),
    enabled,
    staleTime: 10_000,
  });
  const list = enabled ? (hits.data ?? []) : [];

  const open = (id: string) => {
    onDone();
    navigate(`/customers/${id}`);
  };

  return (
    <Box>
      <TextInput
        data-autofocus
        autoFocus
        size="lg"
        variant="unstyled"
        px="md"
        leftSection={<IconSearch size={20} />}
        rightSection={hits.isFetching ? <Loader size="xs" /> : null}
        placeholder={t('lookup.inputPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive(Math.min(active + 1, list.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(Math.max(active - 1, 0));
          } else if (e.key === 'Enter' && list[active]) {
            e.preventDefault();
            open(list[active].id);
          }
        }}
        aria-label={t('lookup.placeholder')}
        data-testid="quick-lookup-input"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      />
      <Stack gap={0} p="xs" mih={120} data-testid="quick-lookup-results">
        {!enabled && (
          <Group gap="sm" p="md" c="dimmed">
            <IconUserSearch size={20} />
            <Text size="sm">{t('lookup.hint')}</Text>
          </Group>
        )}
        {enabled && hits.isError && (
          <Text size="sm" c="red" p="md">
            {t('lookup.failed')}
          </Text>
        )}
        {enabled && hits.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed" p="md">
            {t('lookup.noResults', { q: debounced })}
          </Text>
        )}
        {list.map((c, i) => (
          <UnstyledButton
            key={c.id}
            className={classes.hit}
            data-active={i === active || undefined}
            onMouseEnter={() => setActive(i)}
            onClick={() => open(c.id)}
            data-testid="quick-lookup-hit"
          >
            <Group wrap="nowrap" gap="sm">
              <CustomerAvatar name={c.name} />
              <Box miw={0} style={{ flex: 1 }}>
                <Text fw={600} size="sm" truncate>
                  {c.name ? <Highlight text={c.name} query={debounced} /> : t('customer.unnamed')}
                </Text>
                <Group gap="md" c="dimmed">
                  {c.phone && (
                    <Group gap={4}>
                      <IconPhone size={13} />
                      <Text size="xs">{formatPhone(c.phone)}</Text>
                    </Group>
                  )}
                  {c.email && (
                    <Group gap={4}>
                      <IconMail size={13} />
                      <Text size="xs" truncate>
                        <Highlight text={c.email} query={debounced} />
                      </Text>
                    </Group>
                  )}
                </Group>
              </Box>
              <Badge variant="light" color="gray" size="sm">
                {t(`stages.${c.lifecycleStage}`)}
              </Badge>
              {c.openTickets > 0 && (
                <Badge variant="light" color="orange" size="sm">
                  {t('lookup.openTickets', { count: c.openTickets })}
                </Badge>
              )}
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
      <Group gap="lg" px="md" py={8} bg="gray.0" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> {t('lookup.navigate')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Enter</Kbd> {t('lookup.open')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Esc</Kbd> {t('lookup.close')}
        </Text>
      </Group>
    </Box>
  );
}
