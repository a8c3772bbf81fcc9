import { describe, expect, it } from 'vitest';
import { addressForm, renderTemplate, salutation, templateValues, vietnameseGivenName } from './template.js';

// How canned replies address people: the customer by given name with anh/chị, the agent as "em".
describe('address forms', () => {
  it('the given name is the last word of a Vietnamese full name', () => {
    expect(vietnameseGivenName('Trần Quang Huy')).toBe('Huy');
    expect(vietnameseGivenName('Lê Thị Thu Uyên')).toBe('Uyên');
    expect(vietnameseGivenName('Nguyễn Ánh')).toBe('Ánh');
  });

  it('an email address or a number standing in for a name is no given name', () => {
    expect(vietnameseGivenName('huy.tran@gmail.com')).toBe('');
    expect(vietnameseGivenName('0912345678')).toBe('');
    expect(vietnameseGivenName('+84 912 345 678')).toBe('');
    expect(vietnameseGivenName('Khách 1024')).toBe('');
  });

  it('the form follows the gender on the profile, "anh/chị" when it says nothing', () => {
    expect(addressForm('male')).toBe('anh');
    expect(addressForm('female')).toBe('chị');
    expect(addressForm('other')).toBe('anh/chị');
    expect(addressForm(null)).toBe('anh/chị');
    expect(addressForm(undefined)).toBe('anh/chị');
  });

  it('salutation: form and given name, or the form alone', () => {
    expect(salutation('Trần Quang Huy', 'male')).toBe('anh Huy');
    expect(salutation('Lê Thị Thu Uyên', 'female')).toBe('chị Uyên');
    expect(salutation('Phạm Minh Huy', null)).toBe('anh/chị Huy');
    expect(salutation('', 'female')).toBe('chị');
    expect(salutation('uyen@gmail.com', null)).toBe('anh/chị');
  });

  it('a greeting reads naturally', () => {
    const v = templateValues({
      customer: { name: 'Lê Thị Thu Uyên', phone: null, email: null, gender: 'female' },
      agent: { name: 'Trần Minh Khoa' },
      ticket: { number: 1024, subject: 'Điều hòa kêu to' },
      workspace: { name: 'Tận Tâm' },
    });
    const r = renderTemplate('Dạ {{workspace.name}} xin chào {{customer.salutation}}, em là {{agent.first_name}}. Em có thể hỗ trợ gì cho {{customer.pronoun}} ạ?', v);
    expect(r.text).toBe('Dạ Tận Tâm xin chào chị Uyên, em là Khoa. Em có thể hỗ trợ gì cho chị ạ?');
    expect(r.unknownVariables).toEqual([]);
  });
});
