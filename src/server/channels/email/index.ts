import type { ChannelAdapter } from '../types.js';

/** The email channel (filled in by the email work). */
export const emailChannel: ChannelAdapter = {
  kind: 'email',
  capabilities: { send: false, attachments: false, html: false, typing: false, buttons: false },
};
