import { useState } from 'react';
import { useDebouncedCallback } from '@mantine/hooks';

/**
 * A search box whose text is committed elsewhere (the URL): typing shows at once and is committed,
 * trimmed, after a pause in typing; a change made elsewhere (a cleared filter, the back button)
 * replaces the text — unless it is just the committed form of what is typed (a trailing space stays).
 */
export function useSearchText(committed: string, commit: (q: string) => void, delayMs: number): [string, (text: string) => void] {
  const [text, setText] = useState(committed);
  const [seen, setSeen] = useState(committed);
  if (committed !== seen) {
    // Adjusting state while rendering, as React recommends for following a prop (no effect, no extra paint).
    setSeen(committed);
    if (committed !== text.trim()) setText(committed);
  }
  // The callback reads `committed` when it fires (Mantine keeps the latest callback), not when typed.
  const commitLater = useDebouncedCallback((q: string) => {
    if (q !== committed) commit(q);
  }, delayMs);
  const change = (next: string) => {
    setText(next);
    commitLater(next.trim());
  };
  return [text, change];
}
