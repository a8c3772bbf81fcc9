/** Desktop notifications through the browser's Notification API (asked for from the settings page only, never on load). */

export type DesktopPermission = NotificationPermission | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

/** Asks the browser (must follow a click). */
export async function askDesktopPermission(): Promise<DesktopPermission> {
  if (desktopPermission() === 'unsupported') return 'unsupported';
  return Notification.requestPermission();
}

/**
 * Shows a desktop notification when allowed. `tag` is the notification's id: several open tabs of the
 * app each receive the push, and the browser shows one notification per tag.
 */
export function showDesktop(opts: { title: string; body: string; tag: string; onClick?: () => void }): void {
  if (desktopPermission() !== 'granted') return;
  try {
    const n = new Notification(opts.title, { body: opts.body, tag: opts.tag });
    n.onclick = () => {
      window.focus();
      opts.onClick?.();
      n.close();
    };
  } catch {
    // Some mobile browsers only allow notifications from a service worker: the toast is enough there.
  }
}
