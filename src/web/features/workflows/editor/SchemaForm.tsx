import { ActionIcon, Button, Fieldset, Group, MultiSelect, NumberInput, Select, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConditionGroup } from '../../../../shared/workflows';
import { useTeams, useUsers } from '../../../lib/directory';
import { ConditionGroupEditor, defaultGroup, SubjectContext } from './ConditionEditor';
import { TagPicker, TagScopeContext, TagsPicker } from './TagPicker';

/** The part of JSON Schema (as z.toJSONSchema writes it) the form understands. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
  /** Our own hint for a picker: 'team', 'user', 'tag', 'textarea'. */
  'x-widget'?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A schema with `null` taken out of unions (an optional or nullable field shows as its real type). */
export function unwrap(s: JsonSchema): JsonSchema {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const real = alts.filter((a) => a.type !== 'null');
    if (real.length === 1) return { ...real[0], title: s.title ?? real[0].title, description: s.description ?? real[0].description, default: s.default ?? real[0].default };
    // A union of constants reads as one enum.
    if (real.every((a) => a.const !== undefined)) return { ...s, anyOf: undefined, oneOf: undefined, enum: real.map((a) => a.const) };
  }
  if (Array.isArray(s.type)) {
    const t = s.type.filter((x) => x !== 'null');
    return { ...s, type: t[0] };
  }
  return s;
}

/** The picker a field gets from its name or hint: ids of teams, agents and tags are picked, not typed. */
export function pickerOf(name: string, s: JsonSchema): 'team' | 'user' | 'tag' | 'tags' | 'users' | null {
  const hint = s['x-widget'];
  if (hint === 'team' || hint === 'user' || hint === 'tag') return hint;
  const n = name.toLowerCase();
  const isArray = unwrap(s).type === 'array';
  if (/^(team|teamid|teamids|department|departmentid)$/.test(n)) return isArray ? null : 'team';
  if (/^(userid|agentid|assigneeid|user|agent|assignee|supervisorid|recipientid)$/.test(n)) return 'user';
  if (/^(userids|agentids|recipientids|recipients)$/.test(n) && isArray) return 'users';
  if (/^(tag|tagname)$/.test(n)) return 'tag';
  if (/^tags$/.test(n) && isArray) return 'tags';
  return null;
}

/** A field's description is an i18n key (`actions.field.teamId`) or plain text; its hint is `<key>Hint`. */
const I18N_KEY = /^[a-z][\w]*(\.[\w]+)+$/;

/** A field's label and hint: from the i18n key in its description, else its title or name. */
export function fieldText(t: (k: string, o?: Record<string, unknown>) => string, name: string, s: JsonSchema): { label: string; description?: string } {
  const fallback = s.title ?? humanize(name.replace(/\.item$/, ''));
  if (s.description && I18N_KEY.test(s.description)) {
    const hint = t(`${s.description}Hint`, { defaultValue: '' });
    return { label: t(s.description, { defaultValue: fallback }), description: hint || undefined };
  }
  return { label: t(`fields.${name}`, { defaultValue: fallback }), description: s.description };
}

/** An enum value as an i18n key part (`customer.replied` → `customer_replied`). */
export const valueKey = (v: unknown) => String(v).replace(/\./g, '_');

/** A readable label from a field name: `slaTarget` → `Sla target`. */
export function humanize(name: string): string {
  const s = name.replace(/[_.]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A value the schema accepts to start from: its default, else empty of its type. */
export function emptyValue(s0: JsonSchema): unknown {
  const s = unwrap(s0);
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.type === 'object' || s.properties) {
    const o: Obj = {};
    for (const k of s.required ?? []) if (s.properties?.[k]) o[k] = emptyValue(s.properties[k]);
    return o;
  }
  if (s.type === 'array') return [];
  if (s.type === 'boolean') return false;
  if (s.enum?.length) return s.enum[0];
  return undefined;
}

interface FieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  value: unknown;
  required: boolean;
  onChange(v: unknown): void;
  /** Problems by field path ("config.teamId" → message). */
  errors: Record<string, string>;
  readOnly?: boolean;
  /** The object this field is in (a tag field reads its sibling `target`: ticket or customer tags). */
  parent?: Obj;
}

/** One field of a node's config, chosen from its schema. */
function Field({ name, path, schema: raw, value, required, onChange, errors, readOnly, parent }: FieldProps) {
  const { t } = useTranslation('workflows');
  const s = unwrap(raw);
  const { label, description } = fieldText(t, name, s);
  const error = errors[path];
  const common = { label, description, required, error, disabled: readOnly, 'data-testid': `field-${path}` } as const;
  const picker = pickerOf(name, raw);
  const users = useUsers();
  const teams = useTeams();
  const optionLabel = (v: unknown) => {
    const k = valueKey(v);
    return t([`enum.${name}.${k}`, `values.${k}`], { defaultValue: String(v) });
  };
  const subject = useContext(SubjectContext);
  const nodeTagScope = useContext(TagScopeContext);
  const tagScope = parent?.target === 'customer' || parent?.target === 'ticket' ? parent.target : nodeTagScope;

  // A condition (the `when` of an if, a case or a wait) gets the condition builder, a switch its cases.
  if (name === 'when') {
    const group = isObj(value) ? (value as unknown as ConditionGroup) : undefined;
    return (
      <Fieldset legend={t('cond.when')} variant="filled" p="xs" data-testid={`field-${path}`}>
        {group || required ? (
          <Stack gap={6}>
            <ConditionGroupEditor value={group} onChange={onChange} path={path} />
            {!required && (
              <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onChange(undefined)}>
                {t('cond.removeAll')}
              </Button>
            )}
          </Stack>
        ) : (
          <Button size="xs" variant="light" color="yellow" leftSection={<IconPlus size={14} />} onClick={() => onChange(defaultGroup(subject))} disabled={readOnly}>
            {t('cond.addCondition')}
          </Button>
        )}
        {error && (
          <Text size="xs" c="red" mt={4}>
            {error}
          </Text>
        )}
      </Fieldset>
    );
  }
  if (name === 'cases') return <CasesEditor value={Array.isArray(value) ? (value as SwitchCase[]) : []} onChange={onChange} path={path} />;

  if (picker === 'team')
    return <Select {...common} searchable clearable={!required} data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} value={typeof value === 'string' ? value : null} onChange={(v) => onChange(v ?? undefined)} />;
  if (picker === 'user')
    return <Select {...common} searchable clearable={!required} data={(users.data ?? []).map((x) => ({ value: x.id, label: x.name }))} value={typeof value === 'string' ? value : null} onChange={(v) => onChange(v ?? undefined)} />;
  if (picker === 'users')
    return <MultiSelect {...common} searchable data={(users.data ?? []).map((x) => ({ value: x.id, label: x.name }))} value={Array.isArray(value) ? value.map(String) : []} onChange={onChange} />;
  if (picker === 'tag') return <TagPicker {...common} scope={tagScope} value={typeof value === 'string' ? value : ''} onChange={onChange} />;
  if (picker === 'tags') return <TagsPicker {...common} scope={tagScope} value={Array.isArray(value) ? value.map(String) : []} onChange={onChange} />;

  if (s.enum) {
    const data = s.enum.map((v) => ({ value: String(v), label: optionLabel(v) }));
    return <Select {...common} data={data} allowDeselect={!required} value={value === undefined || value === null ? null : String(value)} onChange={(v) => onChange(v === null ? undefined : (s.enum!.find((x) => String(x) === v) ?? v))} />;
  }
  const type = s.type ?? (s.properties ? 'object' : undefined);
  if (type === 'boolean')
    return <Switch label={label} description={description} disabled={readOnly} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} data-testid={`field-${path}`} />;
  if (type === 'number' || type === 'integer')
    return (
      <NumberInput
        {...common}
        value={typeof value === 'number' ? value : ''}
        min={s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (type === 'integer' ? 1 : 0) : undefined)}
        max={s.maximum}
        allowDecimal={type === 'number'}
        thousandSeparator="."
        decimalSeparator=","
        onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
      />
    );
  if (type === 'array') {
    const items = unwrap(s.items ?? {});
    const list = Array.isArray(value) ? value : [];
    if (items.enum)
      return <MultiSelect {...common} data={items.enum.map((v) => ({ value: String(v), label: optionLabel(v) }))} value={list.map(String)} onChange={onChange} />;
    if (!items.type || items.type === 'string' || items.type === 'number')
      return <TagsInput {...common} value={list.map(String)} onChange={(v) => onChange(items.type === 'number' ? v.map(Number).filter((x) => !Number.isNaN(x)) : v)} />;
    return (
      <Fieldset legend={label} variant="filled" p="xs" data-testid={`field-${path}`}>
        <Stack gap="xs">
          {list.map((item, i) => (
            <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
              <Stack gap="xs" style={{ flex: 1 }}>
                <Field name={`${name}.item`} path={`${path}.${i}`} schema={items} value={item} required onChange={(v) => onChange(list.map((x, k) => (k === i ? v : x)))} errors={errors} readOnly={readOnly} />
              </Stack>
              <ActionIcon variant="subtle" color="red" aria-label={t('form.removeItem')} onClick={() => onChange(list.filter((_, k) => k !== i))} disabled={readOnly}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange([...list, emptyValue(items)])} disabled={readOnly}>
            {t('form.addItem')}
          </Button>
          {error && (
            <Text size="xs" c="red">
              {error}
            </Text>
          )}
        </Stack>
      </Fieldset>
    );
  }
  if (type === 'object') {
    return (
      <Fieldset legend={label} variant="filled" p="xs">
        <SchemaFields schema={s} value={isObj(value) ? value : {}} onChange={onChange} errors={errors} path={path} readOnly={readOnly} />
      </Fieldset>
    );
  }
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const long = s['x-widget'] === 'textarea' || (s.maxLength ?? 0) > 200 || /^(body|text|message|note|content)$/i.test(name);
  if (long) return <Textarea {...common} autosize minRows={3} maxRows={10} value={text} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
  return <TextInput {...common} value={text} onChange={(e) => onChange(e.currentTarget.value || undefined)} placeholder={s.format === 'uri' ? 'https://' : undefined} />;
}

/** The fields of an object schema, in the schema's order; each edit hands back the whole object. */
export function SchemaFields({ schema, value, onChange, errors, path, readOnly }: { schema: JsonSchema; value: Obj; onChange(v: Obj): void; errors: Record<string, string>; path: string; readOnly?: boolean }) {
  const { t } = useTranslation('workflows');
  const s = unwrap(schema);
  const props = Object.entries(s.properties ?? {});
  if (props.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('form.nothingToSet')}
      </Text>
    );
  return (
    <Stack gap="sm">
      {props.map(([k, sub]) => (
        <Field
          key={k}
          name={k}
          path={path ? `${path}.${k}` : k}
          schema={sub}
          value={value[k]}
          required={(s.required ?? []).includes(k) && sub.default === undefined}
          onChange={(v) => {
            const next = { ...value };
            if (v === undefined) delete next[k];
            else next[k] = v;
            onChange(next);
          }}
          errors={errors}
          readOnly={readOnly}
          parent={value}
        />
      ))}
    </Stack>
  );
}

/** Required fields left empty in `value` (paths), for the canvas's own check before the server's. */
export function missingRequired(schema: JsonSchema, value: unknown, path = ''): string[] {
  const s = unwrap(schema);
  if (!(s.type === 'object' || s.properties)) return [];
  const o = isObj(value) ? value : {};
  const out: string[] = [];
  for (const [k, sub] of Object.entries(s.properties ?? {})) {
    const p = path ? `${path}.${k}` : k;
    const v = o[k];
    const req = (s.required ?? []).includes(k) && unwrap(sub).default === undefined;
    if (req && (v === undefined || v === null || v === '')) out.push(p);
    else if (v !== undefined && (unwrap(sub).type === 'object' || unwrap(sub).properties)) out.push(...missingRequired(sub, v, p));
  }
  return out;
}

type SwitchCase = { id: string; label?: string; when: ConditionGroup };

/** A switch's cases: each a name and a condition; the first that holds takes its branch, else `default`. */
function CasesEditor({ value, onChange, path }: { value: SwitchCase[]; onChange(v: SwitchCase[]): void; path: string }) {
  const { t } = useTranslation('workflows');
  const subject = useContext(SubjectContext);
  const freeId = () => {
    let i = value.length + 1;
    while (value.some((c) => c.id === `case_${i}`)) i++;
    return `case_${i}`;
  };
  return (
    <Stack gap="xs" data-testid={`field-${path}`}>
      <Text size="sm" fw={500}>
        {t('switch.cases')}
      </Text>
      {value.map((c, i) => (
        <Fieldset key={c.id} legend={`${t('switch.case')} ${i + 1}`} variant="filled" p="xs">
          <Stack gap={6}>
            <Group gap={4} wrap="nowrap">
              <TextInput size="xs" style={{ flex: 1 }} aria-label={t('switch.caseLabel')} placeholder={t('switch.caseLabel')} value={c.label ?? ''} maxLength={80} onChange={(e) => onChange(value.map((x, k) => (k === i ? { ...x, label: e.currentTarget.value || undefined } : x)))} />
              <ActionIcon variant="subtle" color="red" aria-label={t('form.removeItem')} onClick={() => onChange(value.filter((_, k) => k !== i))} disabled={value.length <= 1}>
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
            <ConditionGroupEditor value={c.when} onChange={(w) => onChange(value.map((x, k) => (k === i ? { ...x, when: w } : x)))} path={`${path}.${i}.when`} />
          </Stack>
        </Fieldset>
      ))}
      <Button size="xs" variant="light" color="orange" leftSection={<IconPlus size={14} />} onClick={() => onChange([...value, { id: freeId(), when: defaultGroup(subject) }])} disabled={value.length >= 12}>
        {t('switch.addCase')}
      </Button>
      <Text size="xs" c="dimmed">
        {t('switch.defaultHint')}
      </Text>
    </Stack>
  );
}
