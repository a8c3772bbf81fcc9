/** Channels: the adapters (email, web chat, phone…), each in its own folder, and the accounts a workspace connects. */
import type { Area } from '../../core/area.js';
import { registerChannelRoutes } from './lifecycle.js';
import { channelAdapters } from './registry.js';
import { channelAccountsRoutes } from './routes.js';
// The channel accounts' event types, merged into core's EventCatalog.
import './events.js';

export { startChannels } from './lifecycle.js';
export { channelAdapters } from './registry.js';

export const channelsArea: Area = {
  name: 'channels',
  routes: [
    { plugin: channelAccountsRoutes },
    // Each channel's own public routes (webhooks, widget endpoints), registered at the root by the channel.
    { plugin: (ctx) => async (app) => registerChannelRoutes(app, ctx), prefix: '' },
  ],
  jobs: channelAdapters.flatMap((c) => c.jobs ?? []),
  reactions: channelAdapters.flatMap((c) => c.reactions ?? []),
};
