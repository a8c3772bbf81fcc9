import { Alert, Button, Group, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconGitMerge, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/customers';
import { CustomerAvatar } from '../../../components/CustomerAvatar';
import { lookupCustomers, type LookupHit } from '../../../lib/customerLookup';
import { formatPhone } from '../../../lib/format';
import { qk } from '../../../lib/queryKeys';
import { useMergeInto } from '../customersApi';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import classes from '../Customers.module.css';

function HitLine({ hit }: { hit: LookupHit }) {
  const { t } = useTranslation('customers');
  return (
    <Group gap="sm" wrap="nowrap">
      <CustomerAvatar name={hit.name} size={32} />
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} truncate>
          {hit.name || t('list.unnamed')}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {[formatPhone(hit.phone), hit.email].filter(Boolean).join(' · ')}
        </Text>
      </div>
    </Group>
  );
}

/** Finds the duplicate profile, asks for confirmation, merges it into this one (undoable). */
export function MergeModal({ target, opened, onClose }: { target: Customer; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('customers');
  const merge = useMergeInto(target.id);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [picked, setPicked] = useState<LookupHit | null>(null);
  const hits = useQuery({
    queryKey: qk.lookup(debounced),
    queryFn: ({ signal }) => lookupCustomers(debounced, signal),
    enabled: opened && debounced.length >= 2,
  });
  const candidates = (hits.data ?? []).filter((h) => h.id !== target.id);

  const close = () => {
    setQ('');
    setPicked(null);
    onClose();
  };

  const confirm = () =>
    picked &&
    merge.mutate(picked.id, {
      onSuccess: () => {
        notifySuccess(t('merge.done'));
        close();
      },
      onError: notifyError,
    });

  const targetName = target.name || t('list.unnamed');
  return (
    <Modal opened={opened} onClose={close} title={picked ? t('merge.confirmTitle') : t('merge.title', { name: targetName })} size="lg" centered>
      {picked ? (
        <Stack>
          <Alert color="grape" variant="light" icon={<IconGitMerge size={18} />}>
            {t('merge.confirm', { source: picked.name || t('list.unnamed'), target: targetName })}
          </Alert>
          <Text size="sm" c="dimmed">
            {t('merge.explain')}
          </Text>
          <HitLine hit={picked} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPicked(null)}>
              {t('actions.cancel')}
            </Button>
            <Button color="grape" leftSection={<IconGitMerge size={16} />} onClick={confirm} loading={merge.isPending}>
              {t('merge.confirmButton')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm" c="dimmed">
            {t('merge.explain')}
          </Text>
          <TextInput
            leftSection={<IconSearch size={16} />}
            rightSection={hits.isFetching ? <Loader size="xs" /> : null}
            placeholder={t('merge.search')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            data-autofocus
          />
          <Stack gap={2} mih={60}>
            {debounced.length >= 2 && !hits.isFetching && candidates.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" py="sm">
                {t('merge.noResults')}
              </Text>
            )}
            {candidates.map((h) => (
              <UnstyledButton
                key={h.id}
                onClick={() => setPicked(h)}
                p="xs"
                style={{ borderRadius: 8 }}
                className={classes.hoverable}
              >
                <HitLine hit={h} />
              </UnstyledButton>
            ))}
          </Stack>
        </Stack>
      )}
    </Modal>
  );
}
