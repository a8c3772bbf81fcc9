import type { ChannelAdapter } from '../types.js';

/** The phone channel (filled in by the phone work). */
export const phoneChannel: ChannelAdapter = {
  kind: 'phone',
  capabilities: { send: false, attachments: false, html: false, typing: false, buttons: false },
};
