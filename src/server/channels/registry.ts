import type { Channel } from '../../shared/api.js';
import { emailChannel } from './email/index.js';
import { phoneChannel } from './phone/index.js';
import { webchatChannel } from './webchat/index.js';
import type { ChannelAdapter } from './types.js';

/** Every channel adapter; adding a channel = a folder + one line here. */
export const channels: readonly ChannelAdapter[] = [emailChannel, webchatChannel, phoneChannel];

const byKind = new Map<string, ChannelAdapter>(channels.map((c) => [c.kind, c]));

/** The adapter of a channel kind, or undefined for channels without one (api, manual, not-yet-built ones). */
export function channelFor(kind: Channel | string): ChannelAdapter | undefined {
  return byKind.get(kind);
}
