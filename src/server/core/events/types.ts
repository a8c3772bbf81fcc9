/**
 * The catalogue of event types: each area declares its own in its events.ts by declaration merging
 * (`declare module '…/core/events/types.js' { interface EventCatalog { 'ticket.created': {…} } }`),
 * so core holds the one union without importing any area. An entry names the event's subject type and
 * the shape of its data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the areas through declaration merging
export interface EventCatalog {}

export type EventType = keyof EventCatalog & string;

/** One event as appended: its type, its subject and its data, typed together (a discriminated union). */
export type AppEvent = {
  [K in EventType]: EventCatalog[K] extends { subject: infer S; data: infer D } ? { type: K; subjectType: S; data: D } : never;
}[EventType];

/** An event type's name; every catalogued type, and (until every area has catalogued its own) any string. */
export type EventName = EventType | (string & {});
