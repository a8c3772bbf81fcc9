import { useEffect, useRef } from 'react';

export interface InboxKeyActions {
  move: (delta: 1 | -1) => void;
  open: () => void;
  reply: () => void;
  toggle: () => void;
  clear: () => void;
  help: () => void;
}

/** Keys typed into a field, or with a modifier held, belong to the field or the browser, not the inbox. */
function ignored(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return true;
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  // A focused checkbox (after clicking one in a row) still lets the list's keys through.
  if (tag === 'INPUT') return !['checkbox', 'radio'].includes((el as HTMLInputElement).type);
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  // A dialog (shortcuts, merge) owns the keyboard while it is open.
  return !!el.closest('[role="dialog"]');
}

/**
 * The inbox's keyboard: j/k (or ↓/↑) move, Enter opens, r opens with the reply box focused, x selects,
 * Esc clears the selection, ? shows the list of shortcuts (Gmail, Front, Zendesk use the same letters).
 */
export function useInboxKeys(actions: InboxKeyActions, enabled = true) {
  const ref = useRef(actions);
  // The latest handlers, without re-adding the listener on every render.
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (ignored(e)) return;
      const a = ref.current;
      const target = e.target as HTMLElement | null;
      // Enter on a focused link or button does what that element does.
      const onControl = !!target?.closest('a, button, [role="button"], [role="option"]');
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          a.move(1);
          break;
        case 'k':
        case 'ArrowUp':
          a.move(-1);
          break;
        case 'Enter':
        case 'o':
          if (onControl) return;
          a.open();
          break;
        case 'r':
          a.reply();
          break;
        case 'x':
          a.toggle();
          break;
        case 'Escape':
          a.clear();
          break;
        case '?':
          a.help();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
