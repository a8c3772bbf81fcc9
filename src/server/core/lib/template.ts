/**
 * Canned-reply templates: `{{customer.first_name}}`-style variables filled from a flat map.
 * Unknown variables stay in the text as typed (so the agent sees them) and are reported.
 */
const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_.]*)\s*\}\}/g;

export const TEMPLATE_VARIABLES = [
  'customer.name',
  'customer.first_name',
  'customer.pronoun',
  'customer.salutation',
  'customer.phone',
  'customer.email',
  'agent.name',
  'agent.first_name',
  'ticket.number',
  'ticket.subject',
  'workspace.name',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export interface RenderResult {
  text: string;
  /** Variables found in the text that the map does not know, each once, in order of appearance. */
  unknownVariables: string[];
}

/** Fills known variables (a missing value becomes empty text) and leaves unknown ones visible. */
export function renderTemplate(text: string, values: Partial<Record<string, string | number | null | undefined>>): RenderResult {
  const unknown: string[] = [];
  const out = text.replace(VARIABLE, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(values, name)) {
      if (!unknown.includes(name)) unknown.push(name);
      return whole;
    }
    const v = values[name];
    return v === null || v === undefined ? '' : String(v);
  });
  return { text: out, unknownVariables: unknown };
}

/**
 * The name a Vietnamese customer is addressed by: the given name is the LAST word
 * ("Nguyễn Văn An" → "An"), unlike Western order.
 */
export function vietnameseGivenName(fullName: string | null | undefined): string {
  const words = (fullName ?? '').trim().split(/\s+/).filter(Boolean);
  const last = words.length ? words[words.length - 1] : '';
  // Not a name: an address or a number that stood in for one ("huy@gmail.com", "0912345678", "Khách 1024").
  if (/[@/]|^[+\d().-]+$/.test(last)) return '';
  return last;
}

/**
 * How an agent addresses the customer (xưng hô): "anh" for a man, "chị" for a woman, "anh/chị" when
 * the profile does not say — the polite default of Vietnamese customer service. The agent calls
 * themself "em".
 */
export function addressForm(gender: string | null | undefined): 'anh' | 'chị' | 'anh/chị' {
  if (gender === 'male') return 'anh';
  if (gender === 'female') return 'chị';
  return 'anh/chị';
}

/** "anh Huy", "chị Uyên", "anh/chị Huy"; the form alone when the name is unknown. */
export function salutation(fullName: string | null | undefined, gender: string | null | undefined): string {
  const given = vietnameseGivenName(fullName);
  return given ? `${addressForm(gender)} ${given}` : addressForm(gender);
}

export interface TemplateContext {
  customer: { name: string | null; phone: string | null; email: string | null; gender?: string | null };
  agent: { name: string };
  ticket: { number: number; subject: string };
  workspace: { name: string };
}

/** The variable map of a ticket conversation. */
export function templateValues(c: TemplateContext): Record<TemplateVariable, string | number | null> {
  return {
    'customer.name': c.customer.name,
    'customer.first_name': vietnameseGivenName(c.customer.name),
    'customer.pronoun': addressForm(c.customer.gender),
    'customer.salutation': salutation(c.customer.name, c.customer.gender),
    'customer.phone': c.customer.phone,
    'customer.email': c.customer.email,
    'agent.name': c.agent.name,
    'agent.first_name': vietnameseGivenName(c.agent.name),
    'ticket.number': c.ticket.number,
    'ticket.subject': c.ticket.subject,
    'workspace.name': c.workspace.name,
  };
}
