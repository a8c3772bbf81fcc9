import { useState } from 'react';
import { ActionIcon, Modal, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { FilteredMailList } from './FilteredMailList';

/** The icon on a mailbox's row that opens its filtered mail (admins). */
export function FilteredMailButton({ account }: { account: ChannelAccountDto }) {
  const { t } = useTranslation('emailIntake');
  const [open, setOpen] = useState(false);
  const narrow = useMediaQuery('(max-width: 48em)');
  return (
    <>
      <Tooltip label={t('filtered.button')} withArrow>
        <ActionIcon variant="subtle" color="gray" onClick={() => setOpen(true)} aria-label={t('filtered.button')} data-testid="filtered-mail-open">
          <IconFilterOff size={18} />
        </ActionIcon>
      </Tooltip>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('filtered.title', { name: account.name })} size="xl" fullScreen={narrow}>
        {open && <FilteredMailList accountId={account.id} />}
      </Modal>
    </>
  );
}
