import { Alert, Center } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

/** A readable error box for a page whose data could not be loaded. */
export function PageError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Center p="xl">
      <Alert color={notFound ? 'gray' : 'red'} icon={<IconAlertTriangle />} title={t(notFound ? 'errors.notFoundTitle' : 'errors.loadTitle')} maw={520}>
        {notFound ? t('errors.notFound') : errorMessage(error, t)}
      </Alert>
    </Center>
  );
}

/** The message to show for an error: a translated one for known ids, else the server's text. */
export function errorMessage(error: unknown, t: (k: string, o?: any) => string): string {
  if (error instanceof ApiError) {
    const key = `errors.ids.${error.id}`;
    const translated = t(key, { defaultValue: '' });
    if (translated) return translated;
    if (error.status === 0) return t('errors.network');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
