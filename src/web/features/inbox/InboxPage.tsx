import { Box, Button, Center, Group, Paper, SegmentedControl, Skeleton, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useTeams, useUsers } from '../../lib/directory';
import { useMe } from '../../lib/session';
import { PageError } from '../../components/PageError';
import { GettingStarted } from '../onboarding/GettingStarted';
import { InboxFilters } from './InboxFilters';
import { InboxRow } from './InboxRow';
import { useInbox } from './useInbox';
import { useInboxFilters, VIEWS } from './useInboxFilters';
import classes from './Inbox.module.css';

/** The shared inbox: views (mine, unassigned, team, all), filters, and a live list of tickets. */
export function InboxPage() {
  const { t } = useTranslation('inbox');
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
  const nameOf = (id: string | undefined, given: string | undefined) =>
    given || (id ? users.data?.find((u) => u.id === id)?.name : undefined) || null;
  const tickets = inbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('title')}</Title>
        <SegmentedControl
          value={filters.query.view}
          onChange={(v) => filters.set('view', v)}
          data={VIEWS.map((v) => ({ value: v, label: t(`views.${v}`) }))}
          data-testid="inbox-views"
        />
      </Group>
      {/* Admins: the getting-started checklist and the public-address warning (renders nothing otherwise). */}
      <GettingStarted />
      <InboxFilters filters={filters} />
      <Paper radius="md" p={0} style={{ overflow: 'hidden' }}>
        {inbox.isError ? (
          <PageError error={inbox.error} />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead bg="gray.0">
                <Table.Tr className={classes.head}>
                  <Table.Th>{t('columns.customer')}</Table.Th>
                  <Table.Th>{t('columns.subject')}</Table.Th>
                  <Table.Th>{t('columns.status')}</Table.Th>
                  <Table.Th>{t('columns.priority')}</Table.Th>
                  <Table.Th>{t('columns.assignee')}</Table.Th>
                  <Table.Th>{t('columns.sla')}</Table.Th>
                  <Table.Th ta="right">{t('columns.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {inbox.isPending && !noTeam &&
                  Array.from({ length: 6 }, (_, i) => (
                    <Table.Tr key={i}>
                      <Table.Td colSpan={7}>
                        <Skeleton h={32} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                {tickets.map((tk) => (
                  <InboxRow key={tk.id} ticket={tk} assigneeName={nameOf(tk.assignee?.id, tk.assignee?.name)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {((inbox.isSuccess && tickets.length === 0) || noTeam) && (
          <Center py={64}>
            <Stack align="center" gap="xs">
              <ThemeIcon size={56} radius="xl" variant="light" color="gray">
                <IconInbox size={30} />
              </ThemeIcon>
              <Text fw={600}>{t(noTeam ? 'empty.noTeam' : filters.filtered ? 'empty.filteredTitle' : `empty.${filters.query.view}`)}</Text>
              <Text size="sm" c="dimmed">
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
    </Stack>
  );
}
