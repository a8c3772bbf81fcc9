import { useState } from 'react';
import { ApiError, errorDetail } from '../../lib/api';
import { CUSTOMER_ERROR_FIELDS, localErrors, type CustomerFormState } from './customerForm';
import { fieldErrorsFrom } from '../../lib/apiErrors';

/** Form state + errors for a customer profile; server errors land on their fields. */
export function useCustomerForm(initial: () => CustomerFormState) {
  const [form, setForm] = useState<CustomerFormState>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onChange = <K extends keyof CustomerFormState>(k: K, v: CustomerFormState[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => (e[k] ? { ...e, [k]: '' } : e));
  };
  /** True when the form may be sent; shows the local errors otherwise. */
  const check = () => {
    const e = localErrors(form);
    setErrors(e);
    return Object.keys(e).length === 0;
  };
  /** Puts a server error on its field; returns false when it belongs to no field. */
  const applyServerError = (err: unknown): boolean => {
    const fe = fieldErrorsFrom(err, CUSTOMER_ERROR_FIELDS);
    if (err instanceof ApiError) {
      // Readable, translated reasons for the ids we know; the server's text otherwise.
      if (err.id === 'customer.invalid_phone') fe.phone = 'validation.phone';
      if (err.id === 'customer.invalid_email') fe.email = 'validation.email';
      if (err.id === 'customer.identity_taken') {
        const field = errorDetail(err, 'field') === 'email' ? 'email' : 'phone';
        fe[field] = 'create.duplicate';
      }
    }
    setErrors(fe);
    return Object.keys(fe).length > 0;
  };
  const reset = (f: CustomerFormState) => {
    setForm(f);
    setErrors({});
  };
  return { form, errors, onChange, check, applyServerError, reset };
}
