import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { currentLanguage, setLanguage, type Language } from '../lib/i18n';

/** VI / EN: switches at once, remembered on this browser and in the user's profile. */
export function LanguageSwitch({ saveToProfile = true }: { saveToProfile?: boolean }) {
  const { i18n } = useTranslation();
  const value = i18n.language?.startsWith('en') ? 'en' : currentLanguage();
  return (
    <SegmentedControl
      size="xs"
      value={value}
      aria-label="Language"
      data={[
        { value: 'vi', label: 'VI' },
        { value: 'en', label: 'EN' },
      ]}
      onChange={(v) => {
        setLanguage(v as Language);
        // Best effort: the profile keeps the choice for other browsers; the UI has already switched.
        if (saveToProfile) api('/users/me', { method: 'PATCH', body: { locale: v } }).catch(() => {});
      }}
    />
  );
}
