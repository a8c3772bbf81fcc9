import { ThemeIcon, Tooltip } from '@mantine/core';
import { IconBrandMessenger, IconId, IconMail, IconPhone, IconWorldWww, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

const KINDS: Record<string, { icon: Icon | null; color: string }> = {
  phone: { icon: IconPhone, color: 'green' },
  email: { icon: IconMail, color: 'orange' },
  zalo: { icon: null, color: 'blue' },
  messenger: { icon: IconBrandMessenger, color: 'indigo' },
  webchat: { icon: IconWorldWww, color: 'teal' },
  external: { icon: IconId, color: 'gray' },
};

/** The icon of an identity kind (phone, email, Zalo, Messenger, web chat, external id). */
export function IdentityIcon({ kind, size = 26 }: { kind: string; size?: number }) {
  const { t } = useTranslation('customers');
  const k = KINDS[kind] ?? KINDS.external;
  const label = t(`channel.${kind}`, { defaultValue: kind });
  return (
    <Tooltip label={label} withArrow>
      <ThemeIcon variant="light" color={k.color} size={size} radius="xl" aria-label={label}>
        {k.icon ? <k.icon size={Math.round(size * 0.58)} stroke={1.7} /> : <span style={{ fontWeight: 800, fontSize: Math.round(size * 0.5), lineHeight: 1 }}>Z</span>}
      </ThemeIcon>
    </Tooltip>
  );
}
