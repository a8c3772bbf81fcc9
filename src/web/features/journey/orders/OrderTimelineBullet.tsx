import { ThemeIcon } from '@mantine/core';
import { IconPackage, IconPackageOff, IconTruckDelivery } from '@tabler/icons-react';

/** The 360 timeline's icon for an order change (title "<status>:<code>"): a box, a truck on its way, a crossed box when lost. */
export function OrderTimelineBullet({ title }: { title: string | null }) {
  const status = (title ?? '').split(':')[0];
  const lost = status === 'cancelled' || status === 'returned';
  const Icon = lost ? IconPackageOff : status === 'shipping' ? IconTruckDelivery : IconPackage;
  const color = lost ? 'red' : status === 'delivered' || status === 'completed' ? 'teal' : 'indigo';
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={color}>
      <Icon size={16} stroke={1.7} />
    </ThemeIcon>
  );
}
