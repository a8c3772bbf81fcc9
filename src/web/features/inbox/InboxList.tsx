import { Checkbox, Group, Select, Skeleton, Text } from '@mantine/core';
import { IconArrowsSort } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { INBOX_SORTS } from '../../../shared/tickets';
import type { TicketListItem } from '../tickets/ticketApi';
import type { InboxSort } from './inboxApi';
import { InboxRow } from './InboxRow';
import classes from './Inbox.module.css';

interface Props {
  tickets: TicketListItem[];
  loading: boolean;
  selected: Set<string>;
  active: number;
  sort: InboxSort;
  onSort: (sort: InboxSort) => void;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onOpen: (id: string) => void;
  nameOf: (id: string | undefined, given: string | undefined) => string | null;
}

/** The tickets as rows (cards on a phone) under one header: select all, column names, the order. */
export function InboxList({ tickets, loading, selected, active, sort, onSort, onToggle, onToggleAll, onOpen, nameOf }: Props) {
  const { t } = useTranslation(['inbox', 'inboxList']);
  const rows = useRef(new Map<string, HTMLDivElement>());
  const activeId = tickets[active]?.id;
  useEffect(() => {
    // Keep the keyboard cursor on screen as j/k move it.
    if (activeId) rows.current.get(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);
  const all = tickets.length > 0 && tickets.every((tk) => selected.has(tk.id));
  const some = !all && tickets.some((tk) => selected.has(tk.id));
  return (
    <div role="table" className={classes.list} aria-rowcount={tickets.length} data-testid="inbox-list">
      <div role="row" className={classes.head}>
        <div className={classes.check}>
          <Checkbox size="xs" checked={all} indeterminate={some} onChange={onToggleAll} aria-label={t('inboxList:select.all')} disabled={!tickets.length} data-testid="select-all" />
        </div>
        <div className={classes.icon} />
        <Group className={classes.main} justify="space-between" wrap="nowrap" gap="xs">
          <span>{t('inboxList:columns.conversation')}</span>
          <Select
            size="xs"
            w={172}
            variant="unstyled"
            leftSection={<IconArrowsSort size={14} />}
            leftSectionWidth={22}
            aria-label={t('inboxList:sort.label')}
            value={sort}
            allowDeselect={false}
            data={INBOX_SORTS.map((s) => ({ value: s, label: t(`inboxList:sort.${s}`) }))}
            onChange={(v) => v && onSort(v as InboxSort)}
            comboboxProps={{ withinPortal: true, width: 200 }}
            styles={{ input: { textTransform: 'none', fontWeight: 500 } }}
            data-testid="inbox-sort"
          />
        </Group>
        <span className={classes.state}>{t('inboxList:columns.state')}</span>
        <span className={classes.assignee}>{t('inboxList:columns.assignee')}</span>
        <span className={classes.sla}>{t('inboxList:columns.sla')}</span>
        <span className={classes.time}>{t('inboxList:columns.time')}</span>
      </div>
      {loading &&
        Array.from({ length: 6 }, (_, i) => (
          <div key={i} className={classes.row} style={{ display: 'block' }}>
            <Skeleton h={36} />
          </div>
        ))}
      {tickets.map((tk, i) => (
        <InboxRow
          key={tk.id}
          ref={(el) => {
            if (el) rows.current.set(tk.id, el);
            else rows.current.delete(tk.id);
          }}
          ticket={tk}
          assigneeName={nameOf(tk.assignee?.id, tk.assignee?.name)}
          selected={selected.has(tk.id)}
          active={i === active}
          onToggle={onToggle}
          onOpen={onOpen}
        />
      ))}
      {!loading && tickets.length > 0 && (
        <Text size="xs" c="dimmed" ta="right" px="md" py={6} visibleFrom="sm">
          {t('inboxList:keys.hint')}
        </Text>
      )}
    </div>
  );
}
