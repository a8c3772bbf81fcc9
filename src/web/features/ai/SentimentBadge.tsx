import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMessageSentiment } from './aiApi';

const COLORS = { negative: 'red', neutral: 'gray', positive: 'teal' } as const;

/** A customer message's sentiment as the AI read it (small badge in the thread; nothing until it is known). */
export function SentimentBadge({ ticketId, messageId }: { ticketId: string; messageId: string }) {
  const { t } = useTranslation('ai');
  const s = useMessageSentiment(ticketId, messageId);
  if (!s) return null;
  return (
    <Tooltip label={t('sentiment.tooltip', { score: s.score.toFixed(2) })} withArrow>
      <Badge size="xs" variant="light" color={COLORS[s.sentiment]} data-testid="sentiment-badge">
        {t(`sentiment.${s.sentiment}`)}
      </Badge>
    </Tooltip>
  );
}
