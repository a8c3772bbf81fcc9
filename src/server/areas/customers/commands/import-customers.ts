import { CsvError, parse } from 'csv-parse/sync';
import type { Db, Tx } from '../../../core/db/types.js';
import { AppError, badRequest } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { toSearchText } from '../../../core/lib/search-text.js';
import type { Actor } from '../../../core/http/actor.js';
import { CHANNELS, LIFECYCLE_STAGES } from '../../../../shared/common.js';
import { type CustomerCreate, type CustomerImportResult } from '../../../../shared/customers.js';
import { followMerged, profileJson, updateCustomerColumns, type ProfilePatch } from './customer-columns.js';
import { attachIdentity } from './customer-identities.js';
import { cleanTags, createCustomerInTx } from './create-customer.js';
import { identityOwners, lockIdentities, normalizeIdentity, type Identity } from './identities.js';

/** Columns an import understands; headers are matched without case or diacritics, Vietnamese names too. */
const HEADER_ALIASES: Record<string, string> = {
  name: 'name', 'ho ten': 'name', 'ho va ten': 'name', ten: 'name', 'ten khach hang': 'name',
  phone: 'phone', 'so dien thoai': 'phone', sdt: 'phone', 'dien thoai': 'phone',
  email: 'email', 'e-mail': 'email',
  birthday: 'birthday', 'ngay sinh': 'birthday',
  gender: 'gender', 'gioi tinh': 'gender',
  address: 'address', 'dia chi': 'address',
  company: 'company', 'cong ty': 'company',
  tags: 'tags', nhan: 'tags', the: 'tags',
  lifecycle_stage: 'lifecycle_stage', stage: 'lifecycle_stage',
  preferred_channel: 'preferred_channel',
  segment: 'segment', 'phan khuc': 'segment',
};

const GENDER_WORDS: Record<string, 'male' | 'female' | 'other'> = {
  male: 'male', m: 'male', nam: 'male', female: 'female', f: 'female', nu: 'female', other: 'other', khac: 'other',
};

class RowError extends Error {}

/** Header text → column key ("attr.<key>" kept as is), or null when unknown. */
function columnKey(header: string): string | null {
  const h = header.trim();
  if (/^attr\./i.test(h) && h.length > 5) return `attr.${h.slice(5).trim()}`;
  return HEADER_ALIASES[toSearchText(h)] ?? null;
}

/** A birthday as "yyyy-MM-dd" from dd/MM/yyyy (also with - or .) or yyyy-MM-dd; RowError when not a real date. */
export function parseBirthday(raw: string): string {
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else throw new RowError(`Birthday "${raw}" is not dd/MM/yyyy or yyyy-MM-dd`);
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(+date) || date.toISOString().slice(0, 10) !== s || date > new Date()) throw new RowError(`Birthday "${raw}" is not a real past date`);
  return s;
}

/** Export protects cells against spreadsheet formulas with a leading "'": take it off again. */
const unprotect = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);

/** One CSV record → profile input (phone/email still raw), or RowError with a readable reason. */
function readRecord(record: Record<string, string>, keys: Map<string, string>) {
  const v: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  for (const [header, raw] of Object.entries(record)) {
    const key = keys.get(header);
    const value = unprotect(String(raw ?? '').trim());
    if (!key || value === '') continue;
    if (key.startsWith('attr.')) attributes[key.slice(5)] = value;
    else v[key] = value;
  }
  if (!v.phone && !v.email) throw new RowError('A phone or an email is needed to recognise the customer');
  const data: CustomerCreate & { tags: string[] } = { name: v.name ?? '', tags: [] };
  if (v.name && v.name.length > 200) throw new RowError('Name is longer than 200 characters');
  if (v.birthday) data.birthday = parseBirthday(v.birthday);
  if (v.gender) {
    const g = GENDER_WORDS[toSearchText(v.gender)];
    if (!g) throw new RowError(`Gender "${v.gender}" is not one of male/female/other (nam/nữ/khác)`);
    data.gender = g;
  }
  if (v.address) data.address = v.address.slice(0, 500);
  if (v.company) data.company = v.company.slice(0, 200);
  if (v.segment) data.segment = v.segment.slice(0, 100);
  if (v.tags) data.tags = cleanTags(v.tags.split(/[;,]/)).map((t) => t.slice(0, 50));
  if (v.lifecycle_stage) {
    const s = v.lifecycle_stage.toLowerCase();
    if (!(LIFECYCLE_STAGES as readonly string[]).includes(s)) throw new RowError(`Lifecycle stage "${v.lifecycle_stage}" is not one of ${LIFECYCLE_STAGES.join(', ')}`);
    data.lifecycleStage = s as CustomerCreate['lifecycleStage'];
  }
  if (v.preferred_channel) {
    const c = v.preferred_channel.toLowerCase();
    if (!(CHANNELS as readonly string[]).includes(c)) throw new RowError(`Preferred channel "${v.preferred_channel}" is not one of ${CHANNELS.join(', ')}`);
    data.preferredChannel = c as CustomerCreate['preferredChannel'];
  }
  if (Object.keys(attributes).length > 0) data.attributes = attributes;
  const identities: Identity[] = [];
  const identity = (kind: 'phone' | 'email', value: string) => {
    try {
      identities.push(normalizeIdentity({ kind, value }));
    } catch {
      throw new RowError(kind === 'phone' ? `Invalid phone "${value}"` : `Invalid email "${value}"`);
    }
  };
  if (v.phone) identity('phone', v.phone);
  if (v.email) identity('email', v.email);
  data.phone = identities.find((i) => i.kind === 'phone')?.value ?? null;
  data.email = identities.find((i) => i.kind === 'email')?.value ?? null;
  return { data, identities };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Applies one row: match on phone, then email; create when nobody matches; otherwise write only the
 * fields that differ (tags and attributes are added to, never removed), so re-importing a file is a
 * no-op. Returns what happened.
 */
async function applyRow(tx: Tx, workspaceId: string, actor: Actor | null, row: ReturnType<typeof readRecord>): Promise<'imported' | 'updated' | 'unchanged'> {
  const { data, identities } = row;
  await lockIdentities(tx, workspaceId, identities);
  const owners = await identityOwners(tx, workspaceId, identities);
  const byKind = (k: string) => owners.find((o) => o.kind === k);
  const match = byKind('phone') ?? byKind('email');
  if (!match) {
    await createCustomerInTx(tx, { workspaceId, data, actor, identitiesChecked: true });
    return 'imported';
  }
  const customer = (await followMerged(tx, workspaceId, match.customer_id))!;
  let changed = false;
  for (const identity of identities) {
    // Already this customer's: nothing to attach (the common case on re-import).
    if (owners.some((o) => o.kind === identity.kind && o.value === identity.value && o.customer_id === customer.id)) continue;
    const r = await attachIdentity(tx, { workspaceId, customerId: customer.id, identity, actor });
    if (r.added || r.merge) changed = true;
  }
  const current = (await profileJson(tx, workspaceId, customer.id))!;
  const patch: ProfilePatch = {};
  const set = (col: keyof ProfilePatch, value: unknown) => {
    if (value !== undefined && value !== null && value !== '' && !same(current[col], value)) patch[col] = value;
  };
  set('name', data.name);
  set('birthday', data.birthday);
  set('gender', data.gender);
  set('address', data.address);
  set('company', data.company);
  set('segment', data.segment);
  set('lifecycle_stage', data.lifecycleStage);
  set('preferred_channel', data.preferredChannel);
  if (!current.phone && data.phone) patch.phone = data.phone;
  if (!current.email && data.email) patch.email = data.email;
  const tags = cleanTags([...((current.tags as string[]) ?? []), ...data.tags]);
  if (tags.length !== ((current.tags as string[]) ?? []).length) patch.tags = tags;
  if (data.attributes) {
    const existing = (current.attributes as Record<string, unknown>) ?? {};
    const attrs = { ...existing };
    // CSV cells are text: "750" equals a stored 750, so an exported file re-imports as unchanged.
    for (const [k, v] of Object.entries(data.attributes)) if (existing[k] === undefined || existing[k] === null || String(existing[k]) !== v) attrs[k] = v;
    if (!same(attrs, current.attributes)) patch.attributes = attrs;
  }
  if (Object.keys(patch).length > 0) {
    await updateCustomerColumns(tx, workspaceId, customer.id, patch);
    await appendEvent(tx, { workspaceId, type: 'customer.updated', subjectType: 'customer', subjectId: customer.id, actor, data: { fields: Object.keys(patch), source: 'import' } });
    changed = true;
  }
  return changed ? 'updated' : 'unchanged';
}

export interface ImportCustomersInput {
  workspaceId: string;
  csv: string;
  actor: Actor | null;
  /** Called after each batch with rows done and total rows (CLI progress bar). */
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

/**
 * Imports a customers CSV (HTTP route and CLI share it). Rows are applied in batches, each row in
 * its own savepoint: a bad row is reported with its line and reason and written not at all, good rows
 * are imported. 400 customer_import.invalid_csv when the file itself cannot be read.
 */
export async function importCustomers(db: Db, input: ImportCustomersInput): Promise<CustomerImportResult> {
  const text = input.csv.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  // Excel in Vietnamese locales saves "CSV" with semicolons.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // With columns and info, each item is the record (header → cell text) with where it was read.
    records = parse<(typeof records)[number]>(text, { columns: true, info: true, skip_empty_lines: true, relax_column_count: true, delimiter });
  } catch (err) {
    // A CsvError carries the line it stopped at among its context properties.
    const message = err instanceof Error ? err.message : String(err);
    throw badRequest('customer_import.invalid_csv', `The file is not a readable CSV: ${message}`, { line: err instanceof CsvError ? err.lines : undefined });
  }
  const headers = text.trim() ? parse(firstLine, { delimiter, to_line: 1 })[0] as string[] : [];
  const keys = new Map<string, string>();
  const unknown: string[] = [];
  for (const h of headers) {
    const k = columnKey(h);
    if (k) keys.set(h, k);
    else unknown.push(h);
  }
  if (![...keys.values()].some((k) => k === 'phone' || k === 'email')) {
    throw badRequest('customer_import.missing_columns', 'The first line must name the columns, with at least phone or email', { headers });
  }
  if (unknown.length > 0) {
    throw badRequest('customer_import.unknown_columns', `Unknown columns: ${unknown.join(', ')} (custom fields are named attr.<key>)`, { unknown });
  }

  const result: CustomerImportResult = { imported: 0, updated: 0, unchanged: 0, errors: [] };
  const batchSize = input.batchSize ?? 500;
  for (let start = 0; start < records.length; start += batchSize) {
    const batch = records.slice(start, start + batchSize);
    await db.tx(async (tx) => {
      for (const { record, info } of batch) {
        let row: ReturnType<typeof readRecord>;
        try {
          row = readRecord(record, keys);
        } catch (err) {
          result.errors.push({ line: info.lines, reason: (err as Error).message });
          continue;
        }
        const eventMark = tx.events.length;
        await tx.query('SAVEPOINT import_row');
        try {
          result[await applyRow(tx, input.workspaceId, input.actor, row)]++;
          await tx.query('RELEASE SAVEPOINT import_row');
        } catch (err) {
          await tx.query('ROLLBACK TO SAVEPOINT import_row');
          tx.events.splice(eventMark); // the row's events were rolled back with it
          if (!(err instanceof AppError) && !(err instanceof RowError)) throw err;
          result.errors.push({ line: info.lines, reason: err.message });
        }
      }
    });
    input.onProgress?.(Math.min(start + batchSize, records.length), records.length);
  }
  return result;
}
