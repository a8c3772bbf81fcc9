import { Paper, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PRIORITIES } from '../../../../shared/common';
import { PageError } from '../../../components/PageError';
import { SettingsSection } from '../SettingsSection';
import { TableSkeleton } from '../TableSkeleton';
import { useRole } from '../useRole';
import { SlaRow } from './SlaRow';
import { useSlaPolicies } from './slaApi';

/** Settings → SLA: first-response and resolution targets per priority, most urgent first. */
export function SlaSettings() {
  const { t } = useTranslation('settings');
  const { isAdmin } = useRole();
  const policies = useSlaPolicies();
  const ordered = [...PRIORITIES].reverse();

  return (
    <SettingsSection title={t('sla.title')} description={t('sla.description')} readOnlyNotice={!isAdmin && t('common.adminOnly')}>
      {policies.isError ? (
        <PageError error={policies.error} />
      ) : (
        <Paper radius="md" p={0} style={{ overflowX: 'auto' }}>
          <Table verticalSpacing="md" horizontalSpacing="md" miw={680}>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('sla.priority')}</Table.Th>
                <Table.Th>{t('sla.firstResponse')}</Table.Th>
                <Table.Th>{t('sla.resolution')}</Table.Th>
                {isAdmin && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {policies.isPending ? (
                <TableSkeleton columns={isAdmin ? 4 : 3} />
              ) : (
                ordered.map((p) => (
                  <SlaRow key={p} priority={p} policy={policies.data.find((x) => x.priority === p)} canManage={isAdmin} />
                ))
              )}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </SettingsSection>
  );
}
