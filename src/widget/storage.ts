/**
 * What the browser remembers per widget key: the visitor token (to continue the conversation) and the
 * last agent message seen (for the unread badge). localStorage may be unavailable (privacy modes,
 * sandboxed iframes): then the widget simply forgets on reload.
 */
export interface Remembered {
  token?: string;
  seenSeq?: number;
}

export function createStorage(key: string) {
  const name = `tantam-widget:${key}`;
  return {
    read(): Remembered {
      try {
        return JSON.parse(localStorage.getItem(name) ?? '{}') as Remembered;
      } catch {
        return {};
      }
    },
    write(patch: Remembered) {
      try {
        localStorage.setItem(name, JSON.stringify({ ...this.read(), ...patch }));
      } catch {
        /* storage unavailable: nothing to keep */
      }
    },
    clear() {
      try {
        localStorage.removeItem(name);
      } catch {
        /* storage unavailable */
      }
    },
  };
}
