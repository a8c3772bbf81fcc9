import { ActionIcon, Badge, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Customer, CustomerIdentity } from '../../../../shared/customers';
import { formatPhone } from '../../../lib/format';
import { ChannelIcon } from '../../../components/ChannelIcon';

const ORDER = ['phone', 'email', 'zalo', 'messenger', 'webchat', 'external'];

/** Every way we know the customer by, phone numbers shown as "0912 345 678", with a copy button. */
export function IdentityList({ customer, identities }: { customer: Customer; identities: CustomerIdentity[] }) {
  const { t } = useTranslation('customers');
  if (!identities.length) {
    return (
      <Text size="sm" c="dimmed">
        {t('c360.noIdentities')}
      </Text>
    );
  }
  const sorted = [...identities].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  return (
    <Stack gap={6} data-testid="identities">
      {sorted.map((i) => {
        const shown = i.kind === 'phone' ? formatPhone(i.value) : i.value;
        const primary = (i.kind === 'phone' && i.value === customer.phone) || (i.kind === 'email' && i.value === customer.email);
        return (
          <Group key={i.id} gap="xs" wrap="nowrap">
            <ChannelIcon channel={i.kind} size={24} />
            <Text size="sm" truncate style={{ flex: 1, minWidth: 0, fontVariantNumeric: 'tabular-nums' }} title={i.value}>
              {shown}
            </Text>
            {primary && (
              <Badge tt="none" size="xs" variant="light" color="gray">
                {t('identity.primary')}
              </Badge>
            )}
            <CopyButton value={shown}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? '✓' : shown} withArrow>
                  <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={shown}>
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        );
      })}
    </Stack>
  );
}
