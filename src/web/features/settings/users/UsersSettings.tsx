import { Button, Paper, Table } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageError } from '../../../components/PageError';
import { SettingsSection } from '../SettingsSection';
import { TableSkeleton } from '../TableSkeleton';
import { useRole } from '../useRole';
import { AddUserModal } from './AddUserModal';
import { UserRow } from './UserRow';
import { useUsers } from './usersApi';

/** Settings → Users: who can log in, with which role; admins add, re-role and deactivate. */
export function UsersSettings() {
  const { t } = useTranslation('settings');
  const { isAdmin, userId } = useRole();
  const users = useUsers();
  const [adding, { open, close }] = useDisclosure(false);

  return (
    <SettingsSection
      title={t('users.title')}
      description={t('users.description')}
      readOnlyNotice={!isAdmin && t('common.adminOnly')}
      actions={
        isAdmin && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={open}>
            {t('users.add')}
          </Button>
        )
      }
    >
      {users.isError ? (
        <PageError error={users.error} />
      ) : (
        <Paper radius="md" p={0} style={{ overflowX: 'auto' }}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover miw={720}>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('users.since')}</Table.Th>
                {isAdmin && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.isPending ? (
                <TableSkeleton columns={isAdmin ? 5 : 4} />
              ) : (
                users.data.map((u) => <UserRow key={u.id} user={u} canManage={isAdmin} isMe={u.id === userId} />)
              )}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <AddUserModal opened={adding} onClose={close} />
    </SettingsSection>
  );
}
