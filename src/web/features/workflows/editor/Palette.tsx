import { Accordion, Group, ScrollArea, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconGripVertical, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toSearchText as foldText } from '../../../../shared/search-text';
import type { NodeKind } from '../../../../shared/workflows';
import type { CatalogEntry } from '../workflowsApi';
import { KIND_STYLE } from './nodes';

/** The drag payload's MIME type: a palette item dropped on the canvas. */
export const DND_MIME = 'application/x-tantam-workflow-node';

const ORDER: NodeKind[] = ['trigger', 'condition', 'switch', 'wait', 'action'];

interface Props {
  entries: CatalogEntry[];
  label(e: CatalogEntry): string;
  hint(e: CatalogEntry): string;
  /** A click (or Enter) adds the item below the selected node: for touch screens and keyboards. */
  onAdd(e: CatalogEntry): void;
  /** Whether the canvas already has a trigger (a workflow has one). */
  hasTrigger: boolean;
}

/** Triggers, conditions, switches, waits and actions to drag onto the canvas (or click to add). */
export function Palette({ entries, label, hint, onAdd, hasTrigger }: Props) {
  const { t } = useTranslation('workflows');
  const [q, setQ] = useState('');
  const needle = foldText(q.trim());
  const shown = entries.filter((e) => !needle || foldText(`${label(e)} ${hint(e)} ${e.type}`).includes(needle));
  const byKind = ORDER.map((k) => [k, shown.filter((e) => e.kind === k)] as const).filter(([, list]) => list.length > 0);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }} data-testid="wf-palette">
      <TextInput size="xs" m="xs" leftSection={<IconSearch size={14} />} placeholder={t('palette.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} aria-label={t('palette.search')} />
      <Text size="xs" c="dimmed" px="xs" pb={4}>
        {t('palette.hint')}
      </Text>
      <ScrollArea style={{ flex: 1 }} type="auto">
        <Accordion multiple defaultValue={hasTrigger ? ['condition', 'action'] : ['trigger']} variant="filled" chevronPosition="right" styles={{ content: { padding: 4 }, control: { paddingBlock: 2 } }}>
          {byKind.map(([kind, list]) => (
            <Accordion.Item key={kind} value={kind}>
              <Accordion.Control>
                <Text size="sm" fw={600}>
                  {t(`palette.groups.${kind}`)}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                {list.map((e) => (
                  <PaletteItem key={`${e.kind}:${e.type}`} entry={e} label={label(e)} hint={hint(e)} onAdd={() => onAdd(e)} />
                ))}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </ScrollArea>
    </div>
  );
}

function PaletteItem({ entry, label, hint, onAdd }: { entry: CatalogEntry; label: string; hint: string; onAdd(): void }) {
  const style = KIND_STYLE[entry.kind];
  const Icon = style.icon;
  return (
    <UnstyledButton
      draggable
      onDragStart={(ev) => {
        ev.dataTransfer.setData(DND_MIME, JSON.stringify({ kind: entry.kind, type: entry.type }));
        ev.dataTransfer.effectAllowed = 'move';
      }}
      onClick={onAdd}
      data-testid={`palette-${entry.kind}-${entry.type}`}
      title={hint || label}
      style={{
        display: 'block',
        width: '100%',
        padding: '6px 8px',
        marginBottom: 4,
        borderRadius: 6,
        border: '1px solid var(--mantine-color-gray-3)',
        borderLeft: `3px solid var(--mantine-color-${style.color}-6)`,
        background: 'var(--mantine-color-body)',
        cursor: 'grab',
      }}
    >
      <Group gap={6} wrap="nowrap">
        <Icon size={14} color={`var(--mantine-color-${style.color}-7)`} style={{ flexShrink: 0 }} />
        <Text size="xs" fw={500} style={{ flex: 1 }} lineClamp={2}>
          {label}
        </Text>
        <IconGripVertical size={14} color="var(--mantine-color-gray-5)" style={{ flexShrink: 0 }} />
      </Group>
    </UnstyledButton>
  );
}
