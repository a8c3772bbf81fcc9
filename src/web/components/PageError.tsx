import { Alert, Center } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import i18n from 'i18next';
import { ApiError } from '../lib/api';

/** A readable error box for a page whose data could not be loaded. */
export function PageError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Center p="xl">
      <Alert color={notFound ? 'gray' : 'red'} icon={<IconAlertTriangle />} title={t(notFound ? 'errors.notFoundTitle' : 'errors.loadTitle')} maw={520}>
        {notFound ? t('errors.notFound') : errorMessage(error)}
      </Alert>
    </Center>
  );
}

/**
 * The message to show for an error: a translated one for known ids (common namespace, whatever
 * namespace the caller's `t` is bound to), else the server's readable text.
 */
export function errorMessage(error: unknown, _t?: unknown): string {
  if (error instanceof ApiError) {
    const translated = i18n.t(`errors.ids.${error.id}`, { ns: 'common', defaultValue: '' });
    if (translated) return translated;
    if (error.status === 0) return i18n.t('errors.network', { ns: 'common' });
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
