import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const STAGE_COLORS: Record<string, string> = { lead: 'gray', prospect: 'blue', customer: 'teal', loyal: 'grape', churned: 'red' };

/** The customer's lifecycle stage as a coloured badge. */
export function StageBadge({ stage, size = 'sm' }: { stage: string; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge tt="none" variant="light" color={STAGE_COLORS[stage] ?? 'gray'} size={size}>
      {t(`stages.${stage}`, { defaultValue: stage })}
    </Badge>
  );
}
