import { ActionIcon, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The snippet for one widget; the bundle derives the API base from its own src. */
export function widgetSnippet(widgetKey: string, origin = window.location.origin) {
  return `<script src="${origin}/widget.js" data-tantam-widget="${widgetKey}" async></script>`;
}

/** The embed code to paste before </body> on the business's site, with a copy button. */
export function WidgetSnippet({ widgetKey }: { widgetKey: string }) {
  const { t } = useTranslation('channels');
  const code = widgetSnippet(widgetKey);
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('webchat.snippetTitle')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('webchat.snippetHint')}
      </Text>
      <Group gap="xs" wrap="nowrap" align="stretch">
        <Code block style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="widget-snippet">
          {code}
        </Code>
        <CopyButton value={code} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('copied') : t('copy')} withArrow>
              <Button variant={copied ? 'light' : 'default'} color={copied ? 'teal' : undefined} onClick={copy} px="sm" h="auto" aria-label={t('copy')} data-testid="copy-snippet">
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </Button>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/** A read-only value with a copy icon (webhook URL, generated key). */
export function CopyField({ value, testId }: { value: string; testId?: string }) {
  const { t } = useTranslation('channels');
  return (
    <Group gap={4} wrap="nowrap">
      <Code style={{ flex: 1, wordBreak: 'break-all' }} py={6} data-testid={testId}>
        {value}
      </Code>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('copied') : t('copy')} withArrow>
            <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('copy')}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
