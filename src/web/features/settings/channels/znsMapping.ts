/**
 * ZNS templates by purpose, as a Zalo account's `config.zns.templates` stores them (the Zalo adapter's
 * zns/config.ts: `{ templateId, params: { <template parameter>: <text with {{variables}}> } }`).
 * The form edits the parameters as "name = value" lines.
 */
export const ZNS_PURPOSES = ['survey', 'order_status', 'reminder'] as const;
export type ZnsPurpose = (typeof ZNS_PURPOSES)[number];

export type ZnsFormRows = Record<ZnsPurpose, { templateId: string; params: string }>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function znsRowsFrom(config: unknown): ZnsFormRows {
  const zns = isRecord(config) && isRecord(config.zns) ? config.zns : {};
  const templates = isRecord(zns.templates) ? zns.templates : {};
  const rows = {} as ZnsFormRows;
  for (const p of ZNS_PURPOSES) {
    const t = isRecord(templates[p]) ? templates[p] : {};
    const params = isRecord(t.params) ? t.params : {};
    rows[p] = {
      templateId: typeof t.templateId === 'string' ? t.templateId : '',
      params: Object.entries(params)
        .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : ''}`)
        .join('\n'),
    };
  }
  return rows;
}

/** Lines "name = value" (blank lines skipped; a line without "=" maps the name to an empty text). */
export function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (!l) continue;
    const i = l.indexOf('=');
    const name = (i < 0 ? l : l.slice(0, i)).trim();
    if (name) out[name] = i < 0 ? '' : l.slice(i + 1).trim();
  }
  return out;
}

/** `config.zns` for the rows: purposes without a template id are left out (not used). */
export function znsConfigFrom(rows: ZnsFormRows): { templates: Partial<Record<ZnsPurpose, { templateId: string; params: Record<string, string> }>> } {
  const templates: Partial<Record<ZnsPurpose, { templateId: string; params: Record<string, string> }>> = {};
  for (const p of ZNS_PURPOSES) {
    const id = rows[p].templateId.trim();
    if (id) templates[p] = { templateId: id, params: parseParams(rows[p].params) };
  }
  return { templates };
}
