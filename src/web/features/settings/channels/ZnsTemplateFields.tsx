import { Fieldset, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ZNS_PURPOSES, type ZnsFormRows, type ZnsPurpose } from './znsMapping';

interface Props {
  rows: ZnsFormRows;
  onChange: (purpose: ZnsPurpose, patch: Partial<ZnsFormRows[ZnsPurpose]>) => void;
  errors: Record<string, string>;
}

/**
 * Which approved ZNS template goes out for each purpose outside the 48-hour window (the survey after a
 * resolved ticket, an order-status notice, a reminder), and what fills each of its parameters.
 */
export function ZnsTemplateFields({ rows, onChange, errors }: Props) {
  const { t } = useTranslation('channels-zalo');
  return (
    <Fieldset legend={t('zns.title')} data-testid="zns-templates" p="sm">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          {t('zns.hint')}
        </Text>
        {ZNS_PURPOSES.map((p) => (
          <Group key={p} align="flex-start" grow wrap="wrap" gap="sm">
            <TextInput
              label={t(`zns.purposes.${p}`)}
              placeholder={t('zns.templateIdPlaceholder')}
              inputMode="numeric"
              name={`zns.${p}.templateId`}
              value={rows[p].templateId}
              onChange={(e) => onChange(p, { templateId: e.currentTarget.value })}
              error={errors[`zns.templates.${p}.templateId`]}
              style={{ minWidth: 180 }}
              data-testid={`zns-${p}-template`}
            />
            <Textarea
              label={t('zns.params')}
              placeholder={t(`zns.paramsPlaceholder.${p}`)}
              autosize
              minRows={2}
              maxRows={6}
              name={`zns.${p}.params`}
              value={rows[p].params}
              onChange={(e) => onChange(p, { params: e.currentTarget.value })}
              error={errors[`zns.templates.${p}.params`]}
              disabled={!rows[p].templateId.trim()}
              style={{ minWidth: 240 }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            />
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          {t('zns.variables')}
        </Text>
      </Stack>
    </Fieldset>
  );
}
