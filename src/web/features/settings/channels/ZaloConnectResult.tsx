import { Alert, CloseButton, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ZALO_CONNECT_RESULTS } from './zaloApi';

/**
 * What happened on Zalo's permission page, said when Zalo's callback sends the admin back to
 * Settings → Channels with ?zalo=<result>. Closing it clears the parameter.
 */
export function ZaloConnectResult() {
  const { t } = useTranslation('channels-zalo');
  const [params, setParams] = useSearchParams();
  const result = ZALO_CONNECT_RESULTS.find((r) => r === params.get('zalo'));
  if (!result) return null;
  const ok = result === 'connected';
  const close = () =>
    setParams(
      (p) => {
        p.delete('zalo');
        return p;
      },
      { replace: true },
    );
  return (
    <Alert color={ok ? 'teal' : 'red'} variant="light" icon={ok ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />} data-testid="zalo-connect-result" data-result={result}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm">{t(`result.${result}`)}</Text>
        <CloseButton size="sm" onClick={close} aria-label={t('result.close')} />
      </Group>
    </Alert>
  );
}
