import { PasswordInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  value: string;
  onChange: (v: string) => void;
  /** The server has a value stored: an empty field keeps it. */
  stored: boolean;
  error?: string;
  description?: string;
  name?: string;
}

/** A write-only secret: never filled from the server, only replaced when something is typed. */
export function SecretInput({ label, value, onChange, stored, error, description, name }: Props) {
  const { t } = useTranslation('channels');
  return (
    <PasswordInput
      label={label}
      name={name}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      placeholder={stored ? t('secretStored') : undefined}
      description={description}
      error={error}
      autoComplete="new-password"
    />
  );
}
