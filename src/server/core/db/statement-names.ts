import { createHash } from 'node:crypto';

/**
 * Names for the hot parameterised statements, so each pooled PostgreSQL connection parses them once
 * (node-postgres sends Parse only the first time a connection sees a name) and PostgreSQL may keep a
 * generic plan instead of planning afresh. Our statements are constant texts with $n parameters, so a
 * few hundred names cover them; planning a statement on `tickets` (19 indexes) costs more than running it.
 *
 * A text is named on its second sighting (one-off statements stay unnamed) and at most `max` texts
 * are named per process, so dynamically built statements (bulk inserts with n rows) cannot grow each
 * connection's statement cache without bound.
 *
 * Off behind a pooler that does not keep a connection's statements (pgbouncer before 1.21 in
 * transaction mode): set DATABASE_PREPARED_STATEMENTS=false. If such a pooler is met anyway its errors
 * switch naming off for the process (the statement that met it is retried unnamed when it ran outside a
 * transaction; a transaction fails once).
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  private readonly refused = new Set<string>();
  private on: boolean;

  constructor(
    enabled: boolean,
    private readonly max = 2000,
    private readonly warn: (message: string) => void = (m) => console.warn(m),
  ) {
    this.on = enabled;
  }

  get enabled() {
    return this.on;
  }

  /** The name to run this statement under, or undefined to send it unnamed. */
  nameFor(text: string, params: unknown[] | undefined): string | undefined {
    if (!this.on || !params || params.length === 0) return undefined;
    const known = this.names.get(text);
    if (known) return known;
    if (this.names.size >= this.max || this.refused.has(text)) return undefined;
    const sightings = (this.seen.get(text) ?? 0) + 1;
    if (sightings < 2) {
      // Texts with inlined values would never repeat; forget them rather than keep them all.
      if (this.seen.size >= 10 * this.max) this.seen.clear();
      this.seen.set(text, sightings);
      return undefined;
    }
    this.seen.delete(text);
    const name = `tt_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }

  /**
   * After a named statement failed: true when running it again unnamed can succeed (and is safe,
   * because the statement never ran). Learns from the error: a pooler that lost the statement switches
   * naming off; a plan invalidated by a change of the table's columns stops naming that text.
   */
  retryUnnamed(text: string, err: unknown): boolean {
    const code = (err as { code?: string } | null)?.code;
    // 26000: the statement's name is unknown on this server connection; 42P05: the name is already
    // there — both mean the connection under us changed between statements, i.e. a transaction pooler.
    if (code === '26000' || code === '42P05') {
      if (this.on) {
        this.on = false;
        this.warn(
          'database: the connection does not keep prepared statements (a transaction-pooling pgbouncer?); ' +
            'named statements switched off — set DATABASE_PREPARED_STATEMENTS=false for this set-up',
        );
      }
      return true;
    }
    // 0A000 "cached plan must not change result type": the table changed shape after the statement was prepared.
    if (code === '0A000' && /cached plan/i.test((err as Error).message ?? '')) {
      this.names.delete(text);
      this.refused.add(text);
      return true;
    }
    return false;
  }
}

/** Whether to name statements: on for a direct connection, off when a pooler sits in front (DATABASE_LISTEN_URL set) unless said otherwise. */
export function preparedStatementsWanted(setting: 'auto' | 'true' | 'false', listenUrlSet: boolean): boolean {
  if (setting === 'auto') return !listenUrlSet;
  return setting === 'true';
}
