import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPhonePlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call, CallLog } from '../../../shared/calls';
import { api, ApiError } from '../../lib/api';
import { errorMessage } from '../../components/PageError';
import { qk } from '../../lib/queryKeys';
import { VnDatesProvider } from '../settings/hours/VnDatesProvider';
import { parseDuration, toLocalInput } from './callFormat';

interface Props {
  /** The customer the call was with; without it the agent types the phone number. */
  customerId?: string;
  /** The ticket to file the call in; else the customer's open phone ticket, else a new one. */
  ticketId?: string;
}

function useLogCall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CallLog) => api<{ call: Call }>('/calls', { method: 'POST', body }),
    onSuccess: ({ call }) => {
      if (call.ticketId) void qc.invalidateQueries({ queryKey: qk.ticket(call.ticketId) });
      if (call.customer) void qc.invalidateQueries({ queryKey: qk.customer(call.customer.id) });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
    },
  });
}

/** The form: direction, start, talk and wrap-up time (m:ss), answered or not, a note. */
export function LogCallModal({ opened, onClose, customerId, ticketId }: Props & { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('calls');
  const log = useLogCall();
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('outbound');
  const [startedAt, setStartedAt] = useState(() => toLocalInput(new Date()));
  const [phone, setPhone] = useState('');
  const [notAnswered, setNotAnswered] = useState(false);
  const [talk, setTalk] = useState('');
  const [wrapUp, setWrapUp] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const close = () => {
    setErrors({});
    setTalk('');
    setWrapUp('');
    setNote('');
    setNotAnswered(false);
    setStartedAt(toLocalInput(new Date()));
    onClose();
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const talkSeconds = notAnswered ? 0 : parseDuration(talk);
    const wrapUpSeconds = parseDuration(wrapUp);
    // The picker's wall-clock time, read in the browser's zone (the agent's, normally the workspace's).
    const start = new Date(startedAt.replace(' ', 'T'));
    const next: Record<string, string> = {};
    if (talkSeconds === null) next.talk = t('log.badDuration');
    if (wrapUpSeconds === null) next.wrapUp = t('log.badDuration');
    if (Number.isNaN(start.getTime())) next.startedAt = t('errors.call.in_future');
    if (!customerId && !phone.trim()) next.phone = t('errors.call.customer_required');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    log.mutate(
      {
        customerId,
        ticketId,
        phone: customerId ? undefined : phone.trim(),
        direction,
        startedAt: start.toISOString(),
        talkSeconds: talkSeconds!,
        wrapUpSeconds: wrapUpSeconds || undefined,
        note: note.trim() || undefined,
      },
      {
        onSuccess: ({ call }) => {
          notifications.show({ color: 'green', message: t('log.saved', { number: call.ticketNumber ?? '' }) });
          close();
        },
        onError: (err) => {
          const id = err instanceof ApiError ? err.id : '';
          const text = t(`errors.${id}`, { defaultValue: '' }) || errorMessage(err);
          if (id === 'call.invalid_phone' || id === 'call.customer_required') setErrors({ phone: text });
          else if (id === 'call.in_future') setErrors({ startedAt: text });
          else notifications.show({ color: 'red', message: text });
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('log.title')} centered>
      <form onSubmit={submit} noValidate data-testid="log-call-form">
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('log.direction')}
            </Text>
            <SegmentedControl
              fullWidth
              value={direction}
              onChange={(v) => setDirection(v as 'inbound' | 'outbound')}
              data={[
                { value: 'outbound', label: t('direction.outbound') },
                { value: 'inbound', label: t('direction.inbound') },
              ]}
            />
          </div>
          {!customerId && (
            <TextInput label={t('log.phone')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={errors.phone} placeholder="0912 345 678" required />
          )}
          <VnDatesProvider>
            <DateTimePicker
              label={t('log.startedAt')}
              value={startedAt}
              onChange={(v) => v && setStartedAt(v)}
              valueFormat="DD/MM/YYYY HH:mm"
              maxDate={new Date()}
              error={errors.startedAt}
              required
              data-testid="log-call-started-at"
            />
          </VnDatesProvider>
          <Checkbox label={t('log.notAnswered')} checked={notAnswered} onChange={(e) => setNotAnswered(e.currentTarget.checked)} />
          {!notAnswered && (
            <TextInput label={t('log.talk')} description={t('log.durationHint')} placeholder="3:15" value={talk} onChange={(e) => {
                setTalk(e.currentTarget.value);
                setErrors(({ talk: _, ...rest }) => rest);
              }} error={errors.talk} />
          )}
          <TextInput label={t('log.wrapUp')} description={t('log.durationHint')} placeholder="0:45" value={wrapUp} onChange={(e) => {
                setWrapUp(e.currentTarget.value);
                setErrors(({ wrapUp: _, ...rest }) => rest);
              }} error={errors.wrapUp} />
          <Textarea label={t('log.note')} placeholder={t('log.notePlaceholder')} autosize minRows={3} maxLength={5000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>
              {t('log.cancel')}
            </Button>
            <Button type="submit" loading={log.isPending}>
              {t('log.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** "Ghi cuộc gọi": opens the log-a-call form for a customer (and ticket). */
export function LogCallButton({ customerId, ticketId, size = 'xs' }: Props & { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation('calls');
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size={size} variant="light" leftSection={<IconPhonePlus size={16} />} onClick={open} data-testid="log-call-button">
        {t('log.button')}
      </Button>
      <LogCallModal opened={opened} onClose={close} customerId={customerId} ticketId={ticketId} />
    </>
  );
}
