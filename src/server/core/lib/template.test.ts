import { describe, expect, it } from 'vitest';
import { renderTemplate, templateValues, vietnameseGivenName } from './template.js';

const values = templateValues({
  customer: { name: 'Nguyễn Văn An', phone: '+84912345678', email: 'an@example.vn' },
  agent: { name: 'Trần Thị Bích' },
  ticket: { number: 1024, subject: 'Đổi size áo' },
  workspace: { name: 'Cửa hàng Hoa Sen' },
});

describe('renderTemplate', () => {
  it('fills every known variable', () => {
    const r = renderTemplate(
      'Chào {{customer.first_name}} ({{customer.name}}, {{customer.phone}}, {{customer.email}}), em là {{agent.name}} của {{workspace.name}} — phiếu #{{ticket.number}}: {{ticket.subject}}',
      values,
    );
    expect(r.text).toBe('Chào An (Nguyễn Văn An, +84912345678, an@example.vn), em là Trần Thị Bích của Cửa hàng Hoa Sen — phiếu #1024: Đổi size áo');
    expect(r.unknownVariables).toEqual([]);
  });

  it('tolerates spaces inside the braces', () => {
    expect(renderTemplate('Chào {{ customer.first_name }}!', values).text).toBe('Chào An!');
  });

  it('keeps unknown variables visible and reports each once', () => {
    const r = renderTemplate('{{order.code}} / {{customer.nickname}} / {{order.code}} / {{customer.name}}', values);
    expect(r.text).toBe('{{order.code}} / {{customer.nickname}} / {{order.code}} / Nguyễn Văn An');
    expect(r.unknownVariables).toEqual(['order.code', 'customer.nickname']);
  });

  it('renders a known but empty value as empty text', () => {
    const v = templateValues({ customer: { name: '', phone: null, email: null }, agent: { name: 'A' }, ticket: { number: 1, subject: '' }, workspace: { name: 'W' } });
    expect(renderTemplate('[{{customer.email}}][{{customer.first_name}}]', v).text).toBe('[][]');
  });

  it('does not treat object prototype names as variables, nor malformed braces', () => {
    const r = renderTemplate('{{constructor}} {{ }} {customer.name} {{customer.name', values);
    expect(r.text).toBe('{{constructor}} {{ }} {customer.name} {{customer.name');
    expect(r.unknownVariables).toEqual(['constructor']);
  });
});

describe('vietnameseGivenName', () => {
  it('takes the last word', () => {
    expect(vietnameseGivenName('Nguyễn Văn An')).toBe('An');
    expect(vietnameseGivenName('  Lê   Thị  Hồng Nhung ')).toBe('Nhung');
    expect(vietnameseGivenName('Bích')).toBe('Bích');
    expect(vietnameseGivenName('')).toBe('');
    expect(vietnameseGivenName(null)).toBe('');
  });
});
