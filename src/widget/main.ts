import { WidgetApi } from './api';
import { ChatWidget } from './widget';

/**
 * Entry of the embeddable bundle:
 *   <script src="https://helpdesk.example/widget.js" data-tantam-widget="KEY" async></script>
 * The API base is where the script came from; the widget lives in a Shadow DOM root on a custom
 * element, so the host page's CSS cannot reach it and ours cannot leak out.
 */
const script = (document.currentScript ?? document.querySelector('script[data-tantam-widget]')) as HTMLScriptElement | null;
const instances: Record<string, ChatWidget> = {};

async function boot(script: HTMLScriptElement) {
  const key = script.dataset.tantamWidget;
  if (!key || instances[key]) return;
  const api = new WidgetApi(new URL(script.src, location.href).origin, key);
  let config;
  try {
    config = await api.config();
  } catch (err) {
    // Unknown key or a page the business did not allow: no widget at all.
    console.warn(`[Tận Tâm] chat widget not shown: ${(err as Error).message}`);
    return;
  }
  const host = document.createElement('tantam-widget');
  // CSSOM, not a style attribute: pages with a strict Content-Security-Policy allow the former.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', 'block', 'important');
  host.setAttribute('data-key', key);
  const shadow = host.attachShadow({ mode: 'open' });
  document.body.append(host);
  const widget = new ChatWidget(config, api, shadow);
  instances[key] = widget;
  await widget.boot();
}

function whenBodyReady(fn: () => void) {
  if (document.body) fn();
  else document.addEventListener('DOMContentLoaded', fn, { once: true });
}

if (script) whenBodyReady(() => void boot(script));

/** For host pages: `TantamWidget.open()` from their own "Chat with us" button. */
export function open(key?: string) {
  (key ? instances[key] : Object.values(instances)[0])?.open();
}
export function close(key?: string) {
  (key ? instances[key] : Object.values(instances)[0])?.close();
}
