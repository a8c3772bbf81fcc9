import { ActionIcon, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendarPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Holiday } from '../../../../shared/settings';
import { formatDate } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { useReplaceHolidays } from './hoursApi';
import { VnDatesProvider } from './VnDatesProvider';

/** Public holidays (dd/MM/yyyy): added and removed one by one, saved as the whole list. */
export function HolidaysCard({ holidays, canManage }: { holidays: Holiday[]; canManage: boolean }) {
  const { t } = useTranslation('settings');
  const replace = useReplaceHolidays();
  const [day, setDay] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const sorted = [...holidays].sort((a, b) => (a.day < b.day ? -1 : 1));

  const saveList = (list: Holiday[], onDone?: () => void) =>
    replace.mutate(list, {
      onSuccess: () => (notifySuccess(t('hours.holidaysSaved')), onDone?.()),
      onError: notifyError,
    });

  const add = (e: React.FormEvent) => {
    e.preventDefault();
    if (!day || !name.trim()) return setError(t('hours.holidayInvalid'));
    if (holidays.some((h) => h.day === day)) return setError(t('hours.holidayDuplicate'));
    setError(undefined);
    saveList([...holidays, { day, name: name.trim() }], () => {
      setDay(null);
      setName('');
    });
  };

  return (
    <Paper p="lg" radius="md">
      <Stack gap="sm">
        <div>
          <Title order={5}>{t('hours.holidays')}</Title>
          <Text size="sm" c="dimmed">
            {t('hours.holidaysDescription')}
          </Text>
        </div>
        {canManage && (
          <form onSubmit={add}>
            <Group align="flex-start" gap="xs">
              <VnDatesProvider>
                <DatePickerInput
                  aria-label={t('hours.holidayDay')}
                  placeholder="dd/mm/yyyy"
                  valueFormat="DD/MM/YYYY"
                  value={day}
                  onChange={(v) => setDay(v)}
                  w={150}
                  leftSection={<IconCalendarPlus size={16} />}
                  popoverProps={{ withinPortal: true }}
                />
              </VnDatesProvider>
              <TextInput
                aria-label={t('hours.holidayName')}
                placeholder={t('hours.holidayNamePlaceholder')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                style={{ flex: 1 }}
                miw={180}
                error={error}
              />
              <Button type="submit" variant="light" loading={replace.isPending}>
                {t('hours.addHoliday')}
              </Button>
            </Group>
          </form>
        )}
        {sorted.length === 0 ? (
          <Text size="sm" c="dimmed" py="sm">
            {t('hours.noHolidays')}
          </Text>
        ) : (
          <Table verticalSpacing={6}>
            <Table.Tbody>
              {sorted.map((h) => (
                <Table.Tr key={h.day}>
                  <Table.Td w={130}>
                    <Text size="sm" fw={500} style={{ fontVariantNumeric: "tabular-nums" }}>
                      {formatDate(h.day)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{h.name}</Text>
                  </Table.Td>
                  {canManage && (
                    <Table.Td w={40}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`${t('common.delete')} ${h.name}`}
                        onClick={() => saveList(holidays.filter((x) => x.day !== h.day))}
                        disabled={replace.isPending}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
