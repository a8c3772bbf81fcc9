import { Badge, Group, Paper, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconShoppingCartPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CustomerSuggestions, Suggestion } from '../../../../shared/suggestions';
import { api } from '../../../lib/api';

/** GET /api/customers/:id/suggestions. */
function useCustomerSuggestions(customerId: string, limit: number) {
  return useQuery({
    queryKey: ['customer', customerId, 'suggestions', limit],
    queryFn: ({ signal }) => api<CustomerSuggestions>(`/customers/${customerId}/suggestions`, { query: { limit }, signal }),
    enabled: !!customerId,
    staleTime: 60_000,
  });
}

/**
 * Cross-sell / upsell (issue 12): what buyers of this customer's items also buy, each with its reason
 * ("Khách mua X thường mua thêm Y"), best sellers when their history teaches nothing. On the 360 and,
 * compact, in the ticket's side panel.
 */
export function CrossSellCard({ customerId, compact = false }: { customerId: string; compact?: boolean }) {
  const { t } = useTranslation('segments');
  const q = useCustomerSuggestions(customerId, compact ? 3 : 5);
  if (q.isPending) return <Skeleton h={compact ? 90 : 140} radius="md" />;
  if (q.isError) return null;
  const s = q.data;
  return (
    <Paper p={compact ? 'md' : 'lg'} radius="md" data-testid="cross-sell-card">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap={6}>
          <IconShoppingCartPlus size={16} color="var(--mantine-color-teal-6)" />
          <Text size="xs" tt="uppercase" fw={700} c="dimmed" style={{ letterSpacing: 0.4 }}>
            {t('crossSell.title')}
          </Text>
        </Group>
        {s.computedAt && !compact && (
          <Text size="xs" c="dimmed">
            {t('crossSell.learnedFrom', { count: s.baskets })}
          </Text>
        )}
      </Group>
      {s.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {s.computedAt ? t('crossSell.none') : t('crossSell.noData')}
        </Text>
      ) : (
        <Stack gap={compact ? 6 : 'xs'}>
          {s.items.map((it) => (
            <SuggestionRow key={it.sku} item={it} compact={compact} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function SuggestionRow({ item, compact }: { item: Suggestion; compact: boolean }) {
  const { t } = useTranslation('segments');
  const r = item.reason;
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} truncate>
          {item.name}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
          {item.sku}
        </Text>
      </Group>
      {r.kind === 'bought_together' ? (
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Text size="xs" c="dimmed" lineClamp={compact ? 1 : 2}>
            {t('crossSell.reason', { x: r.name, y: item.name })}
          </Text>
          <Tooltip label={t('crossSell.strength', { pct: Math.round(r.confidence * 100), x: r.name, lift: r.lift.toFixed(1) })}>
            <Badge size="xs" variant="light" color="teal" style={{ flexShrink: 0 }}>
              {Math.round(r.confidence * 100)}%
            </Badge>
          </Tooltip>
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          {t('crossSell.popular', { count: r.orders })}
        </Text>
      )}
    </div>
  );
}
