import { DatesProvider } from '@mantine/dates';
import 'dayjs/locale/vi';
import 'dayjs/locale/en-gb';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Date pickers in the UI language, weeks starting on Monday (as in Vietnam). */
export function VnDatesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = i18n.language?.startsWith('en') ? 'en-gb' : 'vi';
  return <DatesProvider settings={{ locale, firstDayOfWeek: 1, weekendDays: [0] }}>{children}</DatesProvider>;
}
