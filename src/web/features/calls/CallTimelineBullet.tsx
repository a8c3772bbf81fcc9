import { ThemeIcon } from '@mantine/core';
import { IconPhoneIncoming, IconPhoneOutgoing, IconPhoneX } from '@tabler/icons-react';
import { parseCallTitle } from './callFormat';

/** The timeline bullet of a call: its direction, red when missed. */
export function CallTimelineBullet({ title }: { title: string | null }) {
  const c = parseCallTitle(title);
  const missed = c.status === 'missed';
  const Icon = missed ? IconPhoneX : c.direction === 'inbound' ? IconPhoneIncoming : IconPhoneOutgoing;
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={missed ? 'red' : 'green'}>
      <Icon size={16} stroke={1.7} />
    </ThemeIcon>
  );
}
