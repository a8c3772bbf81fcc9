import { Select } from '@mantine/core';
import { useMemo } from 'react';

/** "UTC+07:00" for a zone, now. */
function offsetOf(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    return part?.value.replace('GMT', 'UTC') || 'UTC';
  } catch {
    return '';
  }
}

/** A searchable list of IANA zones labelled with their current UTC offset. */
export function TimezoneSelect({ value, onChange, label, disabled }: { value: string; onChange: (z: string) => void; label: string; disabled?: boolean }) {
  const data = useMemo(() => {
    const zones = new Set<string>(['Asia/Ho_Chi_Minh', value]);
    try {
      Intl.supportedValuesOf('timeZone').forEach((z) => zones.add(z));
    } catch {
      /* older browsers: the current zone and Vietnam's are enough */
    }
    // Browsers list Vietnam under its old alias; one entry is clearer.
    if (value !== 'Asia/Saigon') zones.delete('Asia/Saigon');
    return [...zones].sort().map((z) => ({ value: z, label: `(${offsetOf(z)}) ${z.replace(/_/g, ' ')}` }));
  }, [value]);
  return (
    <Select
      label={label}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v)}
      searchable
      allowDeselect={false}
      maxDropdownHeight={280}
      disabled={disabled}
      maw={360}
    />
  );
}
