import { Alert, Group, Paper, ScrollArea, SimpleGrid, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerImportResult } from '../../../shared/customers';

function Stat({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Paper p="sm" radius="md" ta="center">
      <Text fz={26} fw={700} c={color} lh={1.1}>
        {value.toLocaleString('vi-VN')}
      </Text>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
    </Paper>
  );
}

/** What an import did: counts, then every refused row with its line number and reason. */
export function ImportResultView({ result }: { result: CustomerImportResult }) {
  const { t } = useTranslation('customers');
  return (
    <>
      <SimpleGrid cols={4} spacing="xs" data-testid="import-result">
        <Stat label={t('import.imported')} value={result.imported} color="teal.8" />
        <Stat label={t('import.updated')} value={result.updated} color="blue.8" />
        <Stat label={t('import.unchanged')} value={result.unchanged} color="gray.7" />
        <Stat label={t('import.errors')} value={result.errors.length} color={result.errors.length ? 'red.7' : 'gray.7'} />
      </SimpleGrid>
      {result.errors.length === 0 ? (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
          {t('import.noErrors')}
        </Alert>
      ) : (
        <Paper radius="md" p={0}>
          <Group px="sm" py={8} gap={6} bg="red.0" style={{ borderTopLeftRadius: 8, borderTopRightRadius: 8 }}>
            <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" />
            <Text size="sm" fw={600} c="red.8">
              {t('import.errors')}: {result.errors.length}
            </Text>
          </Group>
          <ScrollArea.Autosize mah={260}>
            <Table verticalSpacing={6} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('import.line')}</Table.Th>
                  <Table.Th>{t('import.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.map((e, i) => (
                  <Table.Tr key={`${e.line}-${i}`}>
                    <Table.Td ff="monospace">{e.line}</Table.Td>
                    <Table.Td>{e.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Paper>
      )}
    </>
  );
}
