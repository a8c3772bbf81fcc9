import { describe, expect, it } from 'vitest';
import { emptyCustomerForm, formFromCustomer, localErrors, toCustomerBody } from './customerForm';
import type { Customer } from '../../../shared/customers';

const customer: Customer = {
  id: 'c1',
  name: 'Nguyễn Văn An',
  phone: '+84912345678',
  email: 'an@example.vn',
  birthday: '1990-03-15',
  gender: 'male',
  address: null,
  company: null,
  preferredChannel: 'zalo',
  lifecycleStage: 'customer',
  segment: null,
  tags: ['vip'],
  attributes: {},
  mergedIntoId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('customer form', () => {
  it('shows a profile the Vietnamese way and sends it back unchanged', () => {
    const form = formFromCustomer(customer);
    expect(form.phone).toBe('0912 345 678');
    expect(form.birthday).toBe('15/03/1990');
    const body = toCustomerBody(form);
    expect(body.birthday).toBe('1990-03-15');
    expect(body.tags).toEqual(['vip']);
    expect(body.address).toBeNull();
    // Re-reading the body from an untouched form gives the same thing: the edit dialog sends no change.
    expect(toCustomerBody(formFromCustomer(customer))).toEqual(body);
  });

  it('flags a missing name, an impossible birthday and a malformed email before asking the server', () => {
    const f = { ...emptyCustomerForm(), birthday: '31/02/1990', email: 'an@' };
    expect(localErrors(f)).toEqual({ name: 'validation.required', birthday: 'validation.date', email: 'validation.email' });
    expect(localErrors({ ...emptyCustomerForm(), name: 'An' })).toEqual({});
  });
});
