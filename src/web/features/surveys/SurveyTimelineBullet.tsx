import { ThemeIcon } from '@mantine/core';
import { IconMoodHappy, IconMoodNeutral, IconMoodSad } from '@tabler/icons-react';

/** A survey answer on the customer's timeline: a face whose mood follows the score ("<type>:<score>:<top>"). */
export function SurveyTimelineBullet({ title }: { title: string | null }) {
  const [type = '', score = '', top = ''] = (title ?? '').split(':');
  const s = Number(score);
  const share = score === '' || !top ? null : s / Number(top);
  // CSAT 4–5, NPS 9–10, CES 5–7 read as good; CSAT ≤ 2, NPS ≤ 6, CES ≤ 3 as bad.
  const good = share !== null && (type === 'nps' ? s >= 9 : share >= 0.7);
  const bad = share !== null && (type === 'nps' ? s <= 6 : share <= 0.45);
  const [Icon, color] = good ? [IconMoodHappy, 'teal'] : bad ? [IconMoodSad, 'red'] : [IconMoodNeutral, 'yellow'];
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={color}>
      <Icon size={16} stroke={1.7} />
    </ThemeIcon>
  );
}
