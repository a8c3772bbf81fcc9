import { Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { CustomerAvatar } from '../../components/CustomerAvatar';
import { SearchHighlight } from '../../components/Highlight';
import { formatDate, formatDateTime, formatPhone, formatRelative } from '../../lib/format';
import type { CustomerListItem } from './customersApi';
import { StageBadge } from '../../components/StageBadge';
import { TagList } from '../../components/TagList';

/** One customer in the list; the whole row opens the 360 view. */
export function CustomerRow({ c, onTag, showCreated }: { c: CustomerListItem; onTag: (tag: string) => void; showCreated?: boolean }) {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const open = () => navigate(`/customers/${c.id}`);
  const last = c.lastContactAt;
  return (
    <Table.Tr onClick={open} style={{ cursor: 'pointer' }} data-testid="customer-row">
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <CustomerAvatar name={c.name} size={34} />
          <div style={{ minWidth: 0 }}>
            <Text
              size="sm"
              fw={600}
              truncate
              component="a"
              href={`/customers/${c.id}`}
              onClick={(e) => (e.preventDefault(), open())}
              c="inherit"
              style={{ textDecoration: 'none' }}
            >
              {c.name ? <SearchHighlight text={c.name} /> : t('list.unnamed')}
            </Text>
            {c.company && (
              <Text size="xs" c="dimmed" truncate>
                {c.company}
              </Text>
            )}
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {formatPhone(c.phone)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate maw={240}>
          {c.email && <SearchHighlight text={c.email} />}
        </Text>
      </Table.Td>
      <Table.Td>
        <StageBadge stage={c.lifecycleStage} />
      </Table.Td>
      <Table.Td>
        <TagList tags={c.tags} onTagClick={onTag} />
      </Table.Td>
      <Table.Td>
        {showCreated ? (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {formatDate(c.createdAt)}
          </Text>
        ) : last ? (
          <Text size="sm" title={formatDateTime(last)} style={{ whiteSpace: 'nowrap' }}>
            {formatRelative(last)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {last === null ? t('list.never') : '—'}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
