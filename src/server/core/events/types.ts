import type { StoredEvent } from '../db/types.js';

/**
 * The catalogue of event types: each area declares its own in its events.ts by declaration merging
 * (`declare module '…/core/events/types.js' { interface EventCatalog { 'ticket.created': {…} } }`),
 * so core holds the one union without importing any area. An entry names the event's subject type and
 * the shape of its data as stored (JSON: times are ISO strings).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the areas through declaration merging
export interface EventCatalog {}

export type EventType = keyof EventCatalog & string;

/** One event as appended: its type, its subject and its data, typed together (a discriminated union). */
export type AppEvent = {
  [K in EventType]: EventCatalog[K] extends { subject: infer S; data: infer D } ? { type: K; subjectType: S; data: D } : never;
}[EventType];

/** The data an event of type K carries. */
export type EventData<K extends EventType> = Extract<AppEvent, { type: K }>['data'];

/** The subject type of an event of type K. */
export type EventSubject<K extends EventType> = Extract<AppEvent, { type: K }>['subjectType'];

/** K's data without the fields a helper adds itself (one literal K at a time: distributes over a union). */
export type EventDataWithout<K extends EventType, F extends string> = K extends EventType ? Omit<EventData<K>, F> : never;

/** A stored event row of a catalogued type (one of K): StoredEvent's row shape with its subject and data typed. */
export type StoredEventOf<K extends EventType> = K extends EventType
  ? StoredEvent & { type: K; subject_type: EventSubject<K>; data: EventData<K> }
  : never;

/** The {from, to} of one changed field, as change events record it. */
export type FieldChange<T = unknown> = { from: T; to: T };

/** Whether a stored event is of one of the given types; narrows its subject and data to theirs. */
export function isEvent<K extends EventType>(e: StoredEvent, ...types: K[]): e is StoredEventOf<K> {
  return (types as string[]).includes(e.type);
}
