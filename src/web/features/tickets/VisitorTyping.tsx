import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from './Thread.module.css';

/** "Khách đang nhập…" with three pulsing dots, while the chat visitor types. */
export function VisitorTyping({ name }: { name: string }) {
  const { t } = useTranslation('ticket');
  return (
    <Group gap={8} px="md" c="dimmed" data-testid="visitor-typing" aria-live="polite">
      <span className={classes.typingDots} aria-hidden>
        <span />
        <span />
        <span />
      </span>
      <Text size="sm" c="dimmed" fs="italic">
        {name ? t('typing.named', { name }) : t('typing.customer')}
      </Text>
    </Group>
  );
}
