import { ActionIcon, Group, Switch, Text, Tooltip } from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { dayError, type Range } from './validateHours';

interface Props {
  label: string;
  ranges: Range[];
  onChange: (ranges: Range[]) => void;
  disabled?: boolean;
}

/** One weekday: open/closed switch and its time ranges (e.g. 08:00–12:00 and 13:30–17:30). */
export function WeekdayRow({ label, ranges, onChange, disabled }: Props) {
  const { t } = useTranslation('settings');
  const open = ranges.length > 0;
  const error = open ? dayError(ranges) : null;
  const setRange = (i: number, which: 0 | 1, v: string) => onChange(ranges.map((r, j) => (j === i ? ((which === 0 ? [v, r[1]] : [r[0], v]) as Range) : r)));
  const addRange = () => {
    const last = ranges[ranges.length - 1];
    onChange([...ranges, last && last[1] < '22:00' ? [last[1] < '13:00' ? '13:30' : last[1], last[1] < '13:00' ? '17:30' : '23:00'] : ['08:00', '17:30']]);
  };

  return (
    <Group align="flex-start" wrap="nowrap" py={10} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Group w={170} gap="sm" wrap="nowrap" mt={6}>
        <Switch
          checked={open}
          disabled={disabled}
          onChange={(e) => onChange(e.currentTarget.checked ? [['08:00', '17:30']] : [])}
          aria-label={label}
        />
        <div>
          <Text size="sm" fw={500}>
            {label}
          </Text>
        </div>
      </Group>
      <div style={{ flex: 1 }}>
        {!open ? (
          <Text size="sm" c="dimmed" mt={6}>
            {t('hours.closed')}
          </Text>
        ) : (
          <>
            <Group gap="md" wrap="wrap">
              {ranges.map((r, i) => (
                <Group key={i} gap={6} wrap="nowrap">
                  <TimePicker
                    aria-label={`${label} ${t('hours.from')}`}
                    value={r[0]}
                    onChange={(v) => v && setRange(i, 0, v)}
                    format="24h"
                    disabled={disabled}
                    w={84}
                    size="sm"
                    error={!!error}
                  />
                  <Text c="dimmed">–</Text>
                  <TimePicker
                    aria-label={`${label} ${t('hours.to')}`}
                    value={r[1]}
                    onChange={(v) => v && setRange(i, 1, v)}
                    format="24h"
                    disabled={disabled}
                    w={84}
                    size="sm"
                    error={!!error}
                  />
                  {!disabled && ranges.length > 1 && (
                    <Tooltip label={t('hours.removeRange')}>
                      <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => onChange(ranges.filter((_, j) => j !== i))} aria-label={t('hours.removeRange')}>
                        <IconX size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              ))}
              {!disabled && ranges.length < 4 && (
                <Tooltip label={t('hours.addRange')}>
                  <ActionIcon variant="light" size="md" onClick={addRange} aria-label={t('hours.addRange')}>
                    <IconPlus size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            {error && (
              <Text size="xs" c="red" mt={4}>
                {t(error)}
              </Text>
            )}
          </>
        )}
      </div>
    </Group>
  );
}
