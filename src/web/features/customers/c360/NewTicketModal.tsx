import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { CHANNELS, PRIORITIES } from '../../../../shared/common';
import { type Customer } from '../../../../shared/customers';
import { useCreateTicket } from '../customersApi';
import { fieldErrorsFrom, notifyError, notifySuccess } from '../../../lib/apiErrors';

/** "Tạo phiếu": a ticket for this customer (e.g. from a phone call), then opens it. */
export function NewTicketModal({ customer, opened, onClose }: { customer: Customer; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const create = useCreateTicket(customer.id);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [channel, setChannel] = useState<string>(customer.preferredChannel === 'phone' || !customer.preferredChannel ? 'phone' : customer.preferredChannel);
  const [priority, setPriority] = useState<string>('normal');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const close = () => {
    setSubject('');
    setBody('');
    setErrors({});
    onClose();
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate(
      { subject: subject.trim(), body, channel, priority },
      {
        onSuccess: (tk) => {
          notifySuccess(t('newTicket.created', { number: tk.number }));
          close();
          if (tk.id) navigate(`/tickets/${tk.id}`);
        },
        onError: (err) => {
          const fe = fieldErrorsFrom(err);
          if (fe.firstMessage) fe.body = fe.firstMessage;
          setErrors(fe);
          if (!fe.subject && !fe.body) notifyError(err);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('newTicket.title', { name: customer.name || t('list.unnamed') })} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('newTicket.subject')}
            placeholder={t('newTicket.subjectPlaceholder')}
            required
            value={subject}
            error={errors.subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            data-autofocus
          />
          <SimpleGrid cols={2}>
            <Select
              label={t('newTicket.channel')}
              data={CHANNELS.filter((c) => c !== 'api').map((c) => ({ value: c, label: t(`channel.${c}`) }))}
              value={channel}
              onChange={(v) => v && setChannel(v)}
              allowDeselect={false}
            />
            <Select
              label={t('newTicket.priority')}
              data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              value={priority}
              onChange={(v) => v && setPriority(v)}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Textarea
            label={t('newTicket.body')}
            placeholder={t('newTicket.bodyPlaceholder')}
            autosize
            minRows={4}
            maxRows={12}
            value={body}
            error={errors.body}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!subject.trim()}>
              {t('newTicket.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
