import { Group, Text } from '@mantine/core';
import { IconStar, IconStarFilled } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CSAT_LABELS, SCALES, type SurveyType } from '../../../shared/surveys';

/** A score as the customer gave it: stars and label for CSAT, "8/10" for NPS, "5/7" for CES. */
export function ScoreDisplay({ type, score, size = 'sm' }: { type: SurveyType; score: number | null; size?: 'xs' | 'sm' | 'md' }) {
  const { i18n } = useTranslation();
  if (score == null) return <Text size={size} c="dimmed">—</Text>;
  if (type === 'csat') {
    const lang = i18n.language?.startsWith('en') ? 'en' : 'vi';
    const label = CSAT_LABELS[lang][score as 1 | 2 | 3 | 4 | 5] ?? '';
    const px = size === 'md' ? 18 : 15;
    return (
      <Group gap={6} wrap="nowrap" data-testid="survey-score" data-score={score}>
        <Group gap={1} wrap="nowrap" aria-label={`${score}/5`}>
          {[1, 2, 3, 4, 5].map((i) =>
            i <= score ? <IconStarFilled key={i} size={px} color="var(--mantine-color-yellow-5)" /> : <IconStar key={i} size={px} color="var(--mantine-color-gray-4)" />,
          )}
        </Group>
        <Text size={size} fw={600}>
          {label}
        </Text>
      </Group>
    );
  }
  const max = type === 'nps' || type === 'ces' ? SCALES[type].max : null;
  return (
    <Text size={size} fw={700} data-testid="survey-score" data-score={score} c={scoreColor(type, score)}>
      {max ? `${score}/${max}` : score}
    </Text>
  );
}

/** NPS promoters green, detractors red; CES high is good. */
function scoreColor(type: SurveyType, score: number): string | undefined {
  if (type === 'nps') return score >= 9 ? 'teal' : score <= 6 ? 'red' : 'yellow.8';
  if (type === 'ces') return score >= 5 ? 'teal' : score <= 3 ? 'red' : undefined;
  return undefined;
}
