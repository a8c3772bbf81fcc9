import { Paper, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CannedReply } from './cannedApi';
import classes from './Thread.module.css';

/** The body as a one-line preview: variables (filled in on insert) shown as "…", not as {{braces}}. */
const preview = (body: string) => body.replace(/\{\{\s*[\w.]+\s*\}\}/g, '…');

/**
 * The canned replies matching a "/word" typed in the reply box, shown above it. The textarea keeps
 * the focus and the keys (arrows move, Enter/Tab insert, Esc closes: ReplyBox handles them); a click
 * inserts too. A listbox for screen readers, its active option named by aria-activedescendant.
 */
export function SlashMenu({ items, active, query, loading, onPick, onHover }: {
  items: CannedReply[];
  active: number;
  query: string;
  loading: boolean;
  onPick: (c: CannedReply) => void;
  onHover: (i: number) => void;
}) {
  const { t } = useTranslation('composer');
  return (
    <Paper
      shadow="md"
      withBorder
      p={4}
      className={classes.slashMenu}
      role="listbox"
      id="slash-menu"
      aria-label={t('slash.label')}
      data-testid="slash-menu"
    >
      {items.length === 0 ? (
        <Text size="xs" c="dimmed" p="xs">
          {loading ? t('slash.loading') : t('slash.none', { query })}
        </Text>
      ) : (
        items.map((c, i) => (
          <UnstyledButton
            key={c.id}
            id={`slash-option-${i}`}
            role="option"
            aria-selected={i === active}
            data-active={i === active || undefined}
            className={classes.slashItem}
            // Keep the textarea focused: the click inserts, the caret stays where the agent types.
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => onHover(i)}
            onClick={() => onPick(c)}
            data-testid="slash-option"
          >
            <Text size="sm" fw={600} lineClamp={1}>
              <Text span size="xs" c="dimmed" ff="monospace" mr={6}>
                /{c.shortcut}
              </Text>
              {c.title}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={1}>
              {preview(c.body)}
            </Text>
          </UnstyledButton>
        ))
      )}
      <Text size="xs" c="dimmed" px="xs" pt={4} visibleFrom="sm">
        {t('slash.hint')}
      </Text>
    </Paper>
  );
}
