import { AppShell, Burger, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet } from 'react-router-dom';
import { useMe } from '../lib/session';
import { Logo } from './Logo';
import { MainNav } from './MainNav';
import { QuickLookup } from './QuickLookup';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

/** The frame of every logged-in page: navigation on the left, workspace and tools on top. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe();
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <Logo />
            <Text c="dimmed" size="sm" visibleFrom="md" truncate="end" maw={260} data-testid="workspace-name">
              {me.data?.workspace.name}
            </Text>
          </Group>
          <QuickLookup />
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <MainNav onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
