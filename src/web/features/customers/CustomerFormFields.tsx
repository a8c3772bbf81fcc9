import { Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CHANNELS, LIFECYCLE_STAGES } from '../../../shared/common';
import { GENDERS } from '../../../shared/customers';
import { VnDatesProvider } from '../settings/hours/VnDatesProvider';
import type { CustomerFormState } from './customerForm';
import { parseVnDate } from '../../lib/dates';

interface Props {
  form: CustomerFormState;
  errors: Record<string, string>;
  onChange: <K extends keyof CustomerFormState>(k: K, v: CustomerFormState[K]) => void;
  /** Only the fields an agent fills while on the phone. */
  compact?: boolean;
}

/** The profile inputs shared by "add customer" and "edit profile". Errors are i18n keys or server text. */
export function CustomerFormFields({ form, errors, onChange, compact }: Props) {
  const { t } = useTranslation('customers');
  const err = (k: string) => (errors[k] ? t(errors[k], { defaultValue: errors[k] }) : undefined);
  const iso = form.birthday ? parseVnDate(form.birthday) : null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
      <TextInput label={t('fields.name')} required value={form.name} error={err('name')} onChange={(e) => onChange('name', e.currentTarget.value)} data-autofocus name="name" />
      <TextInput
        label={t('fields.phone')}
        placeholder="0912 345 678"
        inputMode="tel"
        value={form.phone}
        error={err('phone')}
        onChange={(e) => onChange('phone', e.currentTarget.value)}
        name="phone"
      />
      <TextInput label={t('fields.email')} type="email" placeholder="ten@congty.vn" value={form.email} error={err('email')} onChange={(e) => onChange('email', e.currentTarget.value)} name="email" />
      <VnDatesProvider>
        <DateInput
          label={t('fields.birthday')}
          placeholder={t('fields.birthdayPlaceholder')}
          valueFormat="DD/MM/YYYY"
          value={iso}
          onChange={(v) => onChange('birthday', v ? dayjs(v).format('DD/MM/YYYY') : '')}
          dateParser={(s) => parseVnDate(s)}
          error={err('birthday')}
          clearable
          maxDate={new Date()}
          defaultLevel={iso ? 'month' : 'decade'}
          popoverProps={{ withinPortal: true }}
        />
      </VnDatesProvider>
      <Select
        label={t('fields.stage')}
        data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
        value={form.lifecycleStage}
        onChange={(v) => v && onChange('lifecycleStage', v)}
        allowDeselect={false}
      />
      <TagsInput
        label={t('fields.tags')}
        placeholder={form.tags.length ? '' : t('fields.tagsPlaceholder')}
        value={form.tags}
        onChange={(v) => onChange('tags', v)}
        error={err('tags')}
        clearable
      />
      {!compact && (
        <>
          <Select
            label={t('fields.gender')}
            placeholder={t('fields.none')}
            data={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
            value={form.gender}
            onChange={(v) => onChange('gender', v)}
            clearable
          />
          <Select
            label={t('fields.preferredChannel')}
            placeholder={t('fields.none')}
            data={CHANNELS.filter((c) => c !== 'api' && c !== 'manual').map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            value={form.preferredChannel}
            onChange={(v) => onChange('preferredChannel', v)}
            clearable
          />
          <TextInput label={t('fields.segment')} value={form.segment} error={err('segment')} onChange={(e) => onChange('segment', e.currentTarget.value)} />
          <TextInput label={t('fields.company')} value={form.company} error={err('company')} onChange={(e) => onChange('company', e.currentTarget.value)} />
          <TextInput
            label={t('fields.address')}
            value={form.address}
            error={err('address')}
            onChange={(e) => onChange('address', e.currentTarget.value)}
            style={{ gridColumn: '1 / -1' }}
          />
        </>
      )}
    </SimpleGrid>
  );
}
