import { Avatar, type AvatarProps } from '@mantine/core';
import { initials } from '../lib/initials';

const COLORS = ['brand', 'blue', 'grape', 'orange', 'indigo', 'pink', 'cyan', 'lime'];

/** Initials on a colour derived from the name, so the same customer always looks the same. */
export function CustomerAvatar({ name, ...rest }: { name: string | null | undefined } & AvatarProps) {
  let h = 0;
  for (const ch of name ?? '') h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <Avatar radius="xl" color={COLORS[h % COLORS.length]} {...rest}>
      {initials(name)}
    </Avatar>
  );
}
