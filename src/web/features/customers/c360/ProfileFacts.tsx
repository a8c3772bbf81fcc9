import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCake } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../../shared/customers';
import { ChannelIcon } from '../../../components/ChannelIcon';
import { formatDate } from '../../../lib/format';
import { daysUntilAnniversary } from '../../../lib/dates';
import { IdentityList } from './IdentityList';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <div style={{ textAlign: 'right', minWidth: 0 }}>{children}</div>
    </Group>
  );
}

/** Birthday (dd/MM/yyyy, with a nudge when it is near), preferred channel, company, address, identities. */
export function ProfileFacts({ data }: { data: Customer360 }) {
  const { t } = useTranslation('customers');
  const c = data.customer;
  const days = c.birthday ? daysUntilAnniversary(c.birthday) : null;
  const none = <Text size="sm">{t('c360.notSet')}</Text>;
  return (
    <Paper p="md" radius="md">
      <Stack gap="sm">
        <Title order={5}>{t('c360.profile')}</Title>
        <Fact label={t('c360.birthday')}>
          {c.birthday ? (
            <Group gap={6} justify="flex-end" wrap="nowrap">
              <Text size="sm" fw={500}>
                {formatDate(c.birthday)}
              </Text>
              {days !== null && days <= 14 && (
                <Badge tt="none" color="pink" variant="light" leftSection={<IconCake size={12} />}>
                  {days === 0 ? t('c360.birthdayToday') : t('c360.birthdaySoon', { days })}
                </Badge>
              )}
            </Group>
          ) : (
            none
          )}
        </Fact>
        <Fact label={t('c360.preferredChannel')}>
          {c.preferredChannel ? (
            <Group gap={6} justify="flex-end" wrap="nowrap">
              <ChannelIcon channel={c.preferredChannel} size={20} />
              <Text size="sm" fw={500}>
                {t(`channel.${c.preferredChannel}`, { defaultValue: c.preferredChannel })}
              </Text>
            </Group>
          ) : (
            none
          )}
        </Fact>
        <Fact label={t('c360.segment')}>{c.segment ? <Text size="sm">{c.segment}</Text> : none}</Fact>
        {c.gender && (
          <Fact label={t('c360.gender')}>
            <Text size="sm">{t(`gender.${c.gender}`, { defaultValue: c.gender })}</Text>
          </Fact>
        )}
        {c.company && (
          <Fact label={t('c360.company')}>
            <Text size="sm">{c.company}</Text>
          </Fact>
        )}
        {c.address && (
          <Fact label={t('c360.address')}>
            <Text size="sm">{c.address}</Text>
          </Fact>
        )}
        <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="xs">
          {t('c360.identities')}
        </Text>
        <IdentityList customer={c} identities={data.identities} />
      </Stack>
    </Paper>
  );
}
