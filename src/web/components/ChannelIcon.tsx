import { ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconBrandMessenger,
  IconMail,
  IconMessageCircle,
  IconPhone,
  IconApi,
  IconId,
  IconPencil,
  IconWorldWww,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

const ICONS: Record<string, { icon: Icon; color: string }> = {
  zalo: { icon: IconMessageCircle, color: 'blue' },
  messenger: { icon: IconBrandMessenger, color: 'indigo' },
  webchat: { icon: IconWorldWww, color: 'teal' },
  email: { icon: IconMail, color: 'orange' },
  phone: { icon: IconPhone, color: 'green' },
  api: { icon: IconApi, color: 'gray' },
  manual: { icon: IconPencil, color: 'gray' },
  external: { icon: IconId, color: 'gray' }, // an identity kind: an id from another system
};

/** A channel (or identity kind: phone, email, Zalo …) as a small coloured icon with its name on hover. */
export function ChannelIcon({ channel, size = 26 }: { channel: string; size?: number }) {
  const { t } = useTranslation();
  const c = ICONS[channel] ?? ICONS.api;
  return (
    <Tooltip label={t(`channel.${channel}`, { defaultValue: channel })} withArrow>
      <ThemeIcon variant="light" color={c.color} size={size} radius="xl" aria-label={t(`channel.${channel}`, { defaultValue: channel })}>
        {channel === 'zalo' ? (
          // Tabler has no Zalo mark; its "Z" reads as the brand at this size.
          <span style={{ fontWeight: 800, fontSize: Math.round(size * 0.5), lineHeight: 1 }}>Z</span>
        ) : (
          <c.icon size={Math.round(size * 0.6)} stroke={1.7} />
        )}
      </ThemeIcon>
    </Tooltip>
  );
}
