import { Alert, Code, Text } from '@mantine/core';
import { IconWorldWww } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import type { Onboarding } from '../../../shared/onboarding';
import { publicUrlMismatch } from './publicUrl';

/**
 * Admins only: PUBLIC_URL is unset and this browser reached the app at another address than the one the
 * server puts in links (survey links in chat, alert emails) — customers would get dead links. Says the fix.
 */
export function PublicUrlWarning({ publicUrl }: { publicUrl: Onboarding['publicUrl'] }) {
  const { t } = useTranslation('onboarding');
  const openedAt = window.location.origin;
  if (!publicUrlMismatch(publicUrl, openedAt)) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconWorldWww />} title={t('publicUrl.title')} data-testid="public-url-warning">
      <Text size="sm">
        <Trans t={t} i18nKey="publicUrl.body" values={{ assumed: publicUrl.url, openedAt }} components={{ b: <b /> }} />
      </Text>
      <Text size="sm" mt={6}>
        {t('publicUrl.fix')}
      </Text>
      <Code block mt={6} style={{ overflowX: 'auto' }}>
        PUBLIC_URL={openedAt}
      </Code>
    </Alert>
  );
}
