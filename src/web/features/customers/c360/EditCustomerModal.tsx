import { Button, Group, Modal, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/customers';
import { formFromCustomer, toCustomerBody } from '../customerForm';
import { CustomerFormFields } from '../CustomerFormFields';
import { useUpdateCustomer } from '../customersApi';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { useCustomerForm } from '../useCustomerForm';

/** Edits the profile (PATCH); a phone/email of another profile merges that one in, and says so. */
export function EditCustomerModal({ customer, opened, onClose }: { customer: Customer; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('customers');
  return (
    <Modal opened={opened} onClose={onClose} title={t('edit.title')} size="lg" centered>
      {/* A closed modal's content is unmounted, so each opening starts from the saved profile. */}
      <EditCustomerForm customer={customer} onClose={onClose} />
    </Modal>
  );
}

function EditCustomerForm({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useTranslation('customers');
  const update = useUpdateCustomer(customer.id);
  const { form, errors, onChange, check, applyServerError } = useCustomerForm(() => formFromCustomer(customer));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!check()) return;
    // Send only what changed: an untouched phone or email must not be re-linked or re-normalised.
    const before = toCustomerBody(formFromCustomer(customer)) as Record<string, unknown>;
    const after = toCustomerBody(form) as Record<string, unknown>;
    const patch = Object.fromEntries(Object.entries(after).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
    if (Object.keys(patch).length === 0) return onClose();
    update.mutate(patch, {
      onSuccess: () => {
        notifySuccess(t('edit.success'));
        onClose();
      },
      onError: (err) => {
        if (!applyServerError(err)) notifyError(err);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <CustomerFormFields form={form} errors={errors} onChange={onChange} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
