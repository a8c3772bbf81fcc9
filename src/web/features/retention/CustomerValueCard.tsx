import { Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { money } from './format';
import { useCustomerValue } from './retentionApi';

/** "Giá trị khách hàng" on the 360: CLV (net revenue to date), net orders, first and last order, still active. */
export function CustomerValueCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation('retention');
  const v = useCustomerValue(customerId);
  return (
    <Paper p="lg" radius="md" data-testid="customer-value">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Text fw={700}>{t('value.title')}</Text>
        {v.data && v.data.orders > 0 && (
          <Badge color={v.data.active ? 'teal' : 'gray'} variant="light">
            {t(v.data.active ? 'value.active' : 'value.inactive')}
          </Badge>
        )}
      </Group>
      {v.isPending ? (
        <Skeleton h={60} />
      ) : !v.data ? (
        <Text size="sm" c="dimmed">{t('value.unavailable')}</Text>
      ) : v.data.orders === 0 && v.data.lostOrders === 0 ? (
        <Text size="sm" c="dimmed">{t('value.none')}</Text>
      ) : (
        <Stack gap="xs">
          <div>
            <Text size="xs" c="dimmed">{t('value.clv')}</Text>
            <Text fw={700} size="xl" data-testid="customer-clv">{money(v.data.clv)}</Text>
          </div>
          <SimpleGrid cols={2} spacing="xs">
            <div>
              <Text size="xs" c="dimmed">{t('value.orders')}</Text>
              <Text size="sm">
                {v.data.orders}
                {v.data.lostOrders > 0 && <Text span size="xs" c="dimmed"> {t('value.lost', { count: v.data.lostOrders })}</Text>}
              </Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">{t('value.first')}</Text>
              <Text size="sm">{formatDate(v.data.firstOrderAt) || '—'}</Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">{t('value.last')}</Text>
              <Text size="sm">{formatDate(v.data.lastOrderAt) || '—'}</Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">{t('value.activeUntil')}</Text>
              <Text size="sm">{formatDate(v.data.activeUntil) || '—'}</Text>
            </div>
          </SimpleGrid>
        </Stack>
      )}
    </Paper>
  );
}
