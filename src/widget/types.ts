// The protocol's shapes live in src/shared so the server and the bundle cannot drift apart.
export type * from '../shared/widget-protocol';
