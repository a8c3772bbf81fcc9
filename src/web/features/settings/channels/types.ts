import type { ComponentType } from 'react';
import type { ChannelAccountDto } from '../../../../shared/channels';

/** The fields of one kind's settings form, as the modal hands them over. */
export interface KindFieldsProps<F> {
  form: F;
  set: (patch: Partial<F>) => void;
  /** Field errors keyed like `imap.host`, `signingSecret`. */
  errors: Record<string, string>;
  /** The saved account when editing; undefined when adding. */
  account?: ChannelAccountDto;
}

/** How the settings page edits one channel kind: the form state, its fields, and what is sent. */
export interface KindForm<F> {
  init(account?: ChannelAccountDto): F;
  toInput(form: F): { config: Record<string, unknown>; secrets?: Record<string, string> };
  Fields: ComponentType<KindFieldsProps<F>>;
  /** A default account name when the admin leaves it empty (e.g. the mailbox address). */
  defaultName?(form: F): string;
  /** A secret made in the browser that the server will not show again: shown once after adding. */
  shownOnce?(form: F): string | null;
}
