import { Badge, Box, Button, Center, Group, Paper, ScrollArea, SegmentedControl, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconInbox } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useTeams, useUsers } from '../../lib/directory';
import { useMe } from '../../lib/session';
import { PageError } from '../../components/PageError';
import { GettingStarted } from '../onboarding/GettingStarted';
import { BulkBar } from './BulkBar';
import { InboxFilters } from './InboxFilters';
import { InboxList } from './InboxList';
import { ShortcutsModal } from './ShortcutsModal';
import { useInbox, useViewCounts } from './useInbox';
import { useInboxFilters, VIEWS } from './useInboxFilters';
import { useInboxKeys } from './useInboxKeys';
import { useUnreadCounts } from '../notifications/notificationsApi';

/** The shared inbox: views with counts, filters, an order, a live list of tickets, bulk actions and keyboard work. */
export function InboxPage() {
  const { t } = useTranslation(['inbox', 'inboxList', 'common', 'notifications']);
  const navigate = useNavigate();
  const filters = useInboxFilters();
  const users = useUsers();
  const teams = useTeams();
  const me = useMe();
  // "My teams": the teams I belong to; the list shows the one picked in the team filter, else my first.
  const myTeams = (teams.data ?? []).filter((tm) => tm.members.some((m) => m.id === me.data?.user?.id));
  const teamView = filters.query.view === 'team';
  const query = teamView ? { ...filters.query, teamId: filters.query.teamId ?? myTeams[0]?.id } : filters.query;
  const noTeam = teamView && teams.isSuccess && !query.teamId;
  const inbox = useInbox(query, !teamView || !!query.teamId);
  const counts = useViewCounts(filters.query.teamId ?? myTeams[0]?.id);
  // Unread (a customer message newer than my last look) per view, from the notifications feature.
  const unread = useUnreadCounts(filters.query.teamId ?? myTeams[0]?.id ?? null);
  const nameOf = (id: string | undefined, given: string | undefined) => given || (id ? users.data?.find((u) => u.id === id)?.name : undefined) || null;
  const tickets = useMemo(() => inbox.data?.pages.flatMap((p) => p.items) ?? [], [inbox.data]);
  const knownTags = useMemo(() => [...new Set(tickets.flatMap((tk) => tk.tags))], [tickets]);

  // Selection by id, kept only for tickets still in the list (a ticket that leaves the view leaves the selection).
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const selected = useMemo(() => new Set(tickets.filter((tk) => picked.has(tk.id)).map((tk) => tk.id)), [tickets, picked]);
  const toggle = (id: string) =>
    setPicked((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => setPicked(selected.size === tickets.length ? new Set() : new Set(tickets.map((tk) => tk.id)));
  const [cursor, setCursor] = useState(0);
  const active = Math.min(cursor, Math.max(tickets.length - 1, 0));
  const [help, helpControls] = useDisclosure(false);
  const open = (id: string, reply = false) => navigate(`/tickets/${id}${reply ? '?reply=1' : ''}`);
  useInboxKeys({
    move: (d) => setCursor(Math.max(0, Math.min(tickets.length - 1, active + d))),
    open: () => tickets[active] && open(tickets[active].id),
    reply: () => tickets[active] && open(tickets[active].id, true),
    toggle: () => tickets[active] && toggle(tickets[active].id),
    clear: () => setPicked(new Set()),
    help: helpControls.open,
  });

  const countOf = (v: (typeof VIEWS)[number]) => (counts.data ? counts.data[v] : null);
  return (
    <Stack gap="md" maw={1500} mx="auto">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Title order={2}>{t('title')}</Title>
        {/* The views scroll sideways on a narrow phone instead of widening the page. */}
        <ScrollArea type="never" maw="100%">
          <SegmentedControl
            value={filters.query.view}
            onChange={(v) => filters.set('view', v)}
            data={VIEWS.map((v) => ({
              value: v,
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <span>{t(`views.${v}`)}</span>
                  {countOf(v) !== null && (
                    <Badge size="sm" variant="light" color="gray" styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }} data-testid={`view-count-${v}`}>
                      {countOf(v)}
                    </Badge>
                  )}
                  {!!unread.data?.[v] && (
                    <Badge size="sm" variant="light" color="red" circle data-testid={`view-unread-${v}`} title={t('notifications:unread.view', { count: unread.data[v] ?? 0 })}>
                      {unread.data[v]}
                    </Badge>
                  )}
                </Group>
              ),
            }))}
            data-testid="inbox-views"
          />
        </ScrollArea>
      </Group>
      {/* Admins: the getting-started checklist and the public-address warning (renders nothing otherwise). */}
      <GettingStarted />
      <InboxFilters filters={filters} knownTags={knownTags} />
      {selected.size > 0 && <BulkBar selected={tickets.filter((tk) => selected.has(tk.id))} onDone={() => setPicked(new Set())} onClear={() => setPicked(new Set())} />}
      <Paper radius="md" p={0} style={{ overflow: 'hidden' }}>
        {inbox.isError ? (
          <PageError error={inbox.error} />
        ) : (
          <InboxList
            tickets={tickets}
            loading={inbox.isPending && !noTeam}
            selected={selected}
            active={active}
            sort={filters.query.sort ?? 'last_message'}
            onSort={(s) => filters.set('sort', s)}
            onToggle={toggle}
            onToggleAll={toggleAll}
            onOpen={(id) => open(id)}
            nameOf={nameOf}
          />
        )}
        {((inbox.isSuccess && tickets.length === 0) || noTeam) && (
          <Center py={64} px="md">
            <Stack align="center" gap="xs">
              <ThemeIcon size={56} radius="xl" variant="light" color="gray">
                <IconInbox size={30} />
              </ThemeIcon>
              <Text fw={600} ta="center">
                {t(noTeam ? 'empty.noTeam' : filters.filtered ? 'empty.filteredTitle' : `empty.${filters.query.view}`)}
              </Text>
              <Text size="sm" c="dimmed" ta="center">
                {t(noTeam ? 'empty.noTeamHint' : filters.filtered ? 'empty.filteredHint' : 'empty.hint')}
              </Text>
            </Stack>
          </Center>
        )}
      </Paper>
      {inbox.hasNextPage && (
        <Box ta="center">
          <Button variant="default" onClick={() => inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
            {t('common:actions.loadMore')}
          </Button>
        </Box>
      )}
      <ShortcutsModal opened={help} onClose={helpControls.close} />
    </Stack>
  );
}
