import { Autocomplete, Group, TagsInput, Text, type OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createContext, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useTagOptions } from '../workflowsApi';

export type TagScope = 'ticket' | 'customer';

/** Whose tags a node's tag fields pick from when its config does not say (`target`): set per node by the side panel. */
export const TagScopeContext = createContext<TagScope>('ticket');

/** The server already searched (accent-insensitive): show its answer as it is. */
const keepAll: OptionsFilter = ({ options }) => options;

interface Common {
  scope: TagScope;
  label?: string;
  description?: string;
  required?: boolean;
  error?: string;
  disabled?: boolean;
  size?: 'xs' | 'sm';
  placeholder?: string;
  style?: CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}

function useTagList(scope: TagScope, search: string) {
  const [q] = useDebouncedValue(search.trim(), 200);
  const tags = useTagOptions(scope, q);
  const counts = new Map((tags.data ?? []).map((x) => [x.tag, x.count]));
  return { data: (tags.data ?? []).map((x) => x.tag), counts };
}

function Option({ option, count }: { option: { value: string }; count: number | undefined }) {
  const { t } = useTranslation('workflows');
  return (
    <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
      <Text size="sm" truncate>
        {option.value}
      </Text>
      {count !== undefined && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('tags.count', { count })}
        </Text>
      )}
    </Group>
  );
}

/** One tag: picked from the workspace's tags in use (most used first, with counts), or a new one typed. */
export function TagPicker({ scope, value, onChange, ...rest }: Common & { value: string; onChange(v: string | undefined): void }) {
  const { t } = useTranslation('workflows');
  const { data, counts } = useTagList(scope, value);
  return (
    <Autocomplete
      {...rest}
      placeholder={rest.placeholder ?? t('tags.placeholder')}
      data={data}
      value={value}
      onChange={(v) => onChange(v || undefined)}
      filter={keepAll}
      limit={30}
      maxDropdownHeight={260}
      renderOption={({ option }) => <Option option={option} count={counts.get(option.value)} />}
    />
  );
}

/** Several tags, each picked from those in use or typed. */
export function TagsPicker({ scope, value, onChange, ...rest }: Common & { value: string[]; onChange(v: string[]): void }) {
  const { t } = useTranslation('workflows');
  const [search, setSearch] = useState('');
  const { data, counts } = useTagList(scope, search);
  return (
    <TagsInput
      {...rest}
      placeholder={rest.placeholder ?? t('tags.placeholder')}
      data={data}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={keepAll}
      limit={30}
      maxDropdownHeight={260}
      renderOption={({ option }) => <Option option={option} count={counts.get(option.value)} />}
    />
  );
}
