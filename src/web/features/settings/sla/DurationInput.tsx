import { Group, NumberInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  /** Total minutes, or null when not set. */
  value: number | null;
  onChange: (minutes: number | null) => void;
  disabled?: boolean;
  error?: string;
  label: string;
}

/** A duration typed as hours + minutes (SLA targets read naturally that way: "4 giờ 30 phút"). */
export function DurationInput({ value, onChange, disabled, error, label }: Props) {
  const { t } = useTranslation('settings');
  const hours = value == null ? '' : Math.floor(value / 60);
  const mins = value == null ? '' : value % 60;
  const emit = (h: number | string, m: number | string) => {
    if (h === '' && m === '') return onChange(null);
    onChange(Number(h || 0) * 60 + Number(m || 0));
  };
  if (disabled) {
    // Readers get the figure as a sentence, not a greyed-out form.
    const parts = [hours ? `${hours} ${t('sla.hours')}` : '', mins ? `${mins} ${t('sla.minutes')}` : ''].filter(Boolean);
    return (
      <Text size="sm" fw={500} aria-label={label}>
        {value == null ? t('sla.notSet') : parts.join(' ') || `0 ${t('sla.minutes')}`}
      </Text>
    );
  }
  return (
    <div>
      <Group gap={6} wrap="nowrap" aria-label={label} role="group">
        <NumberInput
          aria-label={`${label} (${t('sla.hours')})`}
          w={76}
          size="sm"
          min={0}
          max={8760}
          allowDecimal={false}
          allowNegative={false}
          value={hours}
          disabled={disabled}
          error={!!error}
          onChange={(h) => emit(h, mins)}
        />
        <Text size="sm" c="dimmed">
          {t('sla.hours')}
        </Text>
        <NumberInput
          aria-label={`${label} (${t('sla.minutes')})`}
          w={70}
          size="sm"
          min={0}
          max={59}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
          value={mins}
          disabled={disabled}
          error={!!error}
          onChange={(m) => emit(hours, m)}
        />
        <Text size="sm" c="dimmed">
          {t('sla.minutes')}
        </Text>
      </Group>
      {error && (
        <Text size="xs" c="red" mt={4}>
          {error}
        </Text>
      )}
    </div>
  );
}
