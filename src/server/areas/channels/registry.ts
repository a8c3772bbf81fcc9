import type { ChannelAdapter } from '../../core/channels/types.js';
import { emailChannel } from './email/index.js';
import { messengerChannel } from './messenger/index.js';
import { phoneChannel } from './phone/index.js';
import { webchatChannel } from './webchat/index.js';
import { zaloChannel } from './zalo/index.js';

/** Every channel adapter; adding a channel = a folder + one line here. Boot puts them on ctx.channels. */
export const channelAdapters: readonly ChannelAdapter[] = [emailChannel, webchatChannel, phoneChannel, zaloChannel, messengerChannel];
