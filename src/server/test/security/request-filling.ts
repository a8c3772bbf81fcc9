import type { World } from './walk-fixtures.js';

/**
 * Fills route params, query strings and JSON bodies with the ids of one seeded workspace, guessing the
 * object from the name ("/tickets/:id", ":customerId", "assigneeId", "userIds"). Used by the security
 * walk to aim every route at another workspace's objects; unknown names get a random uuid.
 */
const BY_NAME: Record<string, keyof World['id']> = {
  customer: 'customer',
  customers: 'customer',
  target: 'customer',
  source: 'customer2',
  customermerge: 'merge',
  customermerges: 'merge',
  merge: 'merge',
  merges: 'merge',
  ticket: 'ticket',
  tickets: 'ticket',
  intoticket: 'ticket',
  targetticket: 'ticket',
  user: 'agent2',
  users: 'agent2',
  assignee: 'agent2',
  author: 'agent2',
  member: 'agent2',
  members: 'agent2',
  agent: 'agent2',
  team: 'team',
  teams: 'team',
  department: 'team',
  token: 'spareToken',
  tokens: 'spareToken',
  apitoken: 'spareToken',
  cannedreply: 'canned',
  cannedreplies: 'canned',
  canned: 'canned',
  attachment: 'attachment',
  attachments: 'attachment',
  message: 'message',
  messages: 'message',
  note: 'note',
  notes: 'note',
  identity: 'identity',
  identities: 'identity',
  holiday: 'holiday',
  holidays: 'holiday',
};

const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

/** The id an object name stands for in this world, or a random uuid when the name is unknown. */
export function idFor(world: World, name: string): string {
  const key = BY_NAME[norm(name)] ?? BY_NAME[norm(name).replace(/s$/, '')];
  return key ? world.id[key] : crypto.randomUUID();
}

const isIdKey = (key: string) => /(Id|Ids|_id)$/.test(key) || key === 'id';
const idSubject = (key: string) => key.replace(/(Ids|Id|_id)$/, '');

/** "/api/tickets/:id/messages" → "/api/tickets/<world ticket id>/messages". */
export function fillUrl(url: string, world: World): string {
  const segs = url.split('/');
  return segs
    .map((seg, i) => {
      if (seg === '*') return 'walk';
      // "messages::batch": a literal colon in a route (Fastify's escape), not a parameter.
      if (!seg.startsWith(':')) return seg.replaceAll('::', ':');
      const name = seg.slice(1).replace(/[?(].*$/, '');
      if (name === 'priority') return 'normal';
      if (name === 'channel') return 'zalo';
      // PUT /api/orders/:source/:code: a source is a name the caller picks (and gets back), not another workspace's object.
      if (name === 'source' && segs[i - 1] === 'orders') return 'walk';
      return idFor(world, name === 'id' ? segs[i - 1] : idSubject(name));
    })
    .join('/');
}

/** The JSON-schema keywords the filler reads (the schemas of the app's OpenAPI document). */
interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  format?: string;
  minLength?: number;
  maxLength?: number;
}

/**
 * A value that satisfies a JSON schema, with id-like fields pointing at the world's objects: all of
 * them, or (with `only`) just that optional one, so one refused field cannot hide another.
 */
export function fillSchema(schema: JsonSchema | undefined, world: World, key = '', only?: string): unknown {
  if (!schema) return {};
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fillSchema(options.find((o) => o.type !== 'null') ?? options[0], world, key, only);
  if (schema.allOf) return fillSchema(schema.allOf[0], world, key, only);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required: string[] = schema.required ?? [];
      for (const [k, sub] of Object.entries(schema.properties ?? {})) {
        // Required fields make the request valid; optional id fields are where cross-workspace
        // references would slip in, so send those too.
        if (required.includes(k) || (isIdKey(k) && (!only || only === k))) out[k] = fillSchema(sub, world, k, only);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: n }, () => fillSchema(schema.items, world, key.replace(/Ids$/, 'Id')));
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + 1 : 1);
      return Math.max(min, Math.min(schema.maximum ?? 60, 60));
    }
    case 'boolean':
      return true;
    case 'string': {
      if (schema.format === 'uuid' || isIdKey(key)) return idFor(world, idSubject(key));
      if (schema.format === 'email') return `walk-${crypto.randomUUID().slice(0, 8)}@example.vn`;
      if (schema.format === 'date') return '2026-03-08';
      if (schema.format === 'date-time') return new Date().toISOString();
      if (/phone/i.test(key)) return '0909123456';
      if (/day|date/i.test(key)) return '2026-03-08';
      const min = schema.minLength ?? 1;
      return 'walk'.padEnd(min, 'x').slice(0, schema.maxLength ?? 200);
    }
    default:
      return {};
  }
}

/** Names of the optional id-like fields of an object schema (top level). */
export function optionalIdKeys(schema: JsonSchema | undefined): string[] {
  const obj = schema?.anyOf?.[0] ?? schema?.oneOf?.[0] ?? schema;
  if (!obj?.properties) return [];
  return Object.keys(obj.properties).filter((k) => isIdKey(k) && !(obj.required ?? []).includes(k));
}
