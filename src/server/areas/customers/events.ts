/** The customers area's events: profiles, their identities, notes and merges. Their subject is the customer. */
import type { Identity, IdentityKind } from './commands/identities.js';

declare module '../../core/events/types.js' {
  interface EventCatalog {
    'customer.created': { subject: 'customer'; data: { name: string; identities: Identity[] } };
    /** fields: the profile columns written; filledFrom: empty fields filled from new identities; source: a CSV import. */
    'customer.updated': { subject: 'customer'; data: { fields: string[]; filledFrom?: 'identities'; source?: 'import' } };
    /** identityId: absent when the identity came with an inbound message (resolveCustomer). */
    'customer.identity_added': { subject: 'customer'; data: { identityId?: string; kind: IdentityKind; value: string } };
    'customer.identity_removed': { subject: 'customer'; data: { identityId: string; kind: IdentityKind; value: string } };
    'customer.note_added': { subject: 'customer'; data: { noteId: string } };
    /** On the kept profile. moved: rows moved per kind (tickets, messages, notes, identities); filled: profile fields filled. */
    'customer.merged': {
      subject: 'customer';
      data: { mergeId: string; sourceId: string; reason: 'manual' | 'auto'; moved: Record<string, number>; filled: string[] };
    };
    /** On the profile merged away. */
    'customer.merged_away': { subject: 'customer'; data: { mergeId: string; targetId: string; reason: 'manual' | 'auto' } };
    /** On the kept profile. movedBack: rows moved back per kind; restored: profile fields restored. */
    /** Customers exported as a file (the audit log's record of who took the data out). */
    'customers.exported': { subject: 'workspace'; data: { format: 'csv'; filters: Record<string, unknown> } };
    'customer.merge_undone': { subject: 'customer'; data: { mergeId: string; sourceId: string; movedBack: Record<string, number>; restored: string[] } };
  }
}
