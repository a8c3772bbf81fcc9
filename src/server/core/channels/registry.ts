import type { ChannelAdapter } from './types.js';

/**
 * The channel adapters of this app, looked up by kind. Built at boot from areas/channels and put on
 * the context, so core and the business areas reach channels by capability without importing them.
 */
export interface ChannelRegistry {
  /** The adapter of a kind, or undefined for channels without one (api, manual, not-yet-built ones). */
  get(kind: string): ChannelAdapter | undefined;
  all(): readonly ChannelAdapter[];
  /** True when agent replies on this channel are sent out (and so carry a delivery status). */
  sends(kind: string): boolean;
}

export function createChannelRegistry(adapters: readonly ChannelAdapter[]): ChannelRegistry {
  const byKind = new Map<string, ChannelAdapter>(adapters.map((c) => [c.kind, c]));
  return {
    get: (kind) => byKind.get(kind),
    all: () => adapters,
    sends: (kind) => byKind.get(kind)?.capabilities.send === true,
  };
}
