import { Anchor, Button, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, errorDetail } from '../../lib/api';
import { emptyCustomerForm, toCustomerBody } from './customerForm';
import { CustomerFormFields } from './CustomerFormFields';
import { useCreateCustomer } from './customersApi';
import { notifyError, notifySuccess } from '../../lib/apiErrors';
import { useCustomerForm } from './useCustomerForm';

/** "Thêm khách hàng": the profile form; a taken phone/email points to the existing profile. */
export function CreateCustomerModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const create = useCreateCustomer();
  const { form, errors, onChange, check, applyServerError, reset } = useCustomerForm(emptyCustomerForm);
  const [existingId, setExistingId] = useState<string | null>(null);

  const close = () => {
    reset(emptyCustomerForm());
    setExistingId(null);
    onClose();
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setExistingId(null);
    if (!check()) return;
    create.mutate(toCustomerBody(form), {
      onSuccess: (c) => {
        notifySuccess(t('create.success', { name: c.name }));
        close();
        navigate(`/customers/${c.id}`);
      },
      onError: (err) => {
        if (err instanceof ApiError && err.id === 'customer.identity_taken') setExistingId(errorDetail(err, 'customerId'));
        if (!applyServerError(err)) notifyError(err);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={t('create.title')} size="lg" centered>
      <form onSubmit={submit} noValidate data-testid="create-customer-form">
        <Stack>
          <CustomerFormFields form={form} errors={errors} onChange={onChange} />
          {existingId && (
            <Anchor component={Link} to={`/customers/${existingId}`} onClick={close} size="sm">
              {t('create.openExisting')} →
            </Anchor>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
