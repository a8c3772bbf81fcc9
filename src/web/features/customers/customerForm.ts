import type { Customer, CustomerCreate } from '../../../shared/customers';
import { parseVnDate } from '../../lib/dates';
import { formatDate, formatPhone } from '../../lib/format';

/** The profile form's state: text as typed, birthday as dd/MM/yyyy. */
export interface CustomerFormState {
  name: string;
  phone: string;
  email: string;
  birthday: string;
  gender: string | null;
  address: string;
  company: string;
  preferredChannel: string | null;
  lifecycleStage: string;
  segment: string;
  tags: string[];
}

export const emptyCustomerForm = (): CustomerFormState => ({
  name: '',
  phone: '',
  email: '',
  birthday: '',
  gender: null,
  address: '',
  company: '',
  preferredChannel: null,
  lifecycleStage: 'lead',
  segment: '',
  tags: [],
});

/** The form filled from a profile. */
export function formFromCustomer(c: Customer): CustomerFormState {
  return {
    name: c.name,
    phone: formatPhone(c.phone),
    email: c.email ?? '',
    birthday: c.birthday ? formatDate(c.birthday) : '',
    gender: c.gender,
    address: c.address ?? '',
    company: c.company ?? '',
    preferredChannel: c.preferredChannel,
    lifecycleStage: c.lifecycleStage,
    segment: c.segment ?? '',
    tags: c.tags,
  };
}

/** Errors the browser can see before asking the server (the server re-checks phone and email). */
export function localErrors(f: CustomerFormState): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim()) e.name = 'validation.required';
  if (f.birthday.trim() && !parseVnDate(f.birthday)) e.birthday = 'validation.date';
  if (f.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) e.email = 'validation.email';
  return e;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** The API body (POST /api/customers, PATCH sends the same fields). */
export function toCustomerBody(f: CustomerFormState): CustomerCreate {
  return {
    name: f.name.trim(),
    phone: orNull(f.phone),
    email: orNull(f.email),
    birthday: f.birthday.trim() ? parseVnDate(f.birthday) : null,
    gender: (f.gender as CustomerCreate['gender']) ?? null,
    address: orNull(f.address),
    company: orNull(f.company),
    preferredChannel: (f.preferredChannel as CustomerCreate['preferredChannel']) ?? null,
    lifecycleStage: f.lifecycleStage as CustomerCreate['lifecycleStage'],
    segment: orNull(f.segment),
    tags: f.tags,
  };
}

/** Server error ids that belong to one field of the form. */
export const CUSTOMER_ERROR_FIELDS: Record<string, string> = {
  'customer.invalid_phone': 'phone',
  'customer.invalid_email': 'email',
};
