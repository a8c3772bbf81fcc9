import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFrom, notifyError, notifySuccess } from '../../../lib/apiErrors';
import { useCreateCannedReply, useUpdateCannedReply, type CannedReply, type CannedReplyInput } from './cannedApi';
import { VariableHints } from './VariableHints';

const blank: CannedReplyInput = { shortcut: '', title: '', body: '' };

/** Creates or edits a canned reply, with variable chips that insert at the cursor. */
export function CannedReplyModal({ opened, reply, onClose }: { opened: boolean; reply?: CannedReply; onClose: () => void }) {
  const { t } = useTranslation('settings');
  return (
    <Modal opened={opened} onClose={onClose} title={reply ? t('canned.editTitle') : t('canned.createTitle')} size="lg" centered>
      {/* A closed modal's content is unmounted, so each opening starts the form from `reply`. */}
      <CannedReplyForm reply={reply} onClose={onClose} />
    </Modal>
  );
}

function CannedReplyForm({ reply, onClose }: { reply?: CannedReply; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const create = useCreateCannedReply();
  const update = useUpdateCannedReply();
  const [form, setForm] = useState<CannedReplyInput>(reply ? { shortcut: reply.shortcut, title: reply.title, body: reply.body } : blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const set = (k: keyof CannedReplyInput, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };

  const insert = (token: string) => {
    const el = bodyRef.current;
    const start = el?.selectionStart ?? form.body.length;
    const end = el?.selectionEnd ?? form.body.length;
    set('body', form.body.slice(0, start) + token + form.body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const body = { shortcut: form.shortcut.trim().replace(/^\//, ''), title: form.title.trim(), body: form.body };
    const onError = (err: unknown) => {
      const fe = fieldErrorsFrom(err, { 'canned.shortcut_taken': 'shortcut', 'canned_reply.shortcut_taken': 'shortcut' });
      setErrors(fe);
      if (Object.keys(fe).length === 0) notifyError(err);
    };
    const done = (key: string) => () => {
      notifySuccess(t(key, { shortcut: body.shortcut }));
      onClose();
    };
    if (reply) update.mutate({ id: reply.id, ...body }, { onSuccess: done('canned.updated'), onError });
    else create.mutate(body, { onSuccess: done('canned.created'), onError });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Group grow align="flex-start">
          <TextInput
            label={t('canned.shortcut')}
            placeholder="chao-hoi"
            title={t('canned.shortcutHint')}
            leftSection="/"
            required
            value={form.shortcut}
            error={errors.shortcut}
            onChange={(e) => set('shortcut', e.currentTarget.value)}
            data-autofocus
          />
          <TextInput label={t('canned.titleLabel')} required value={form.title} error={errors.title} onChange={(e) => set('title', e.currentTarget.value)} />
        </Group>
        <Textarea
          ref={bodyRef}
          label={t('canned.body')}
          required
          autosize
          minRows={5}
          maxRows={14}
          value={form.body}
          error={errors.body}
          onChange={(e) => set('body', e.currentTarget.value)}
        />
        <VariableHints onInsert={insert} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} disabled={!form.shortcut.trim() || !form.title.trim() || !form.body.trim()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
