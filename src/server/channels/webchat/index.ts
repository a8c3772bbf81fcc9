import type { ChannelAdapter } from '../types.js';

/** The webchat channel (filled in by the webchat work). */
export const webchatChannel: ChannelAdapter = {
  kind: 'webchat',
  capabilities: { send: false, attachments: false, html: false, typing: false, buttons: false },
};
