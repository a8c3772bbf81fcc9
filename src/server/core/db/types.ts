/** A stored event, as appended by commands and handed to processors after commit. */
export interface StoredEvent {
  id: string;
  workspace_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  actor_type: 'user' | 'token' | 'system' | 'customer' | 'automation' | 'ai';
  actor_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
  /** The workflow run whose action wrote this event (actor_type 'automation'). */
  cause_run_id?: string | null;
  /** The workflow's name when it acted (actor_type 'automation'). */
  actor_label?: string | null;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Sql {
  /** Rows of a parameterised query ($1, $2 … placeholders). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** The single row of a query, or undefined. */
  maybeOne<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T | undefined>;
  /** The first row of a query; throws when there is none (a bug, not user input). */
  one<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(text: string): Promise<void>;
  /**
   * For libraries that bring their own SQL (the pg-boss job queue): parameterised when values are
   * given, else a script whose last statement's rows are returned.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A job to enqueue when the transaction commits (jobs/append.ts); written in the same transaction. */
export interface PendingJob {
  name: string;
  data: Record<string, unknown>;
  options: { startAfter?: Date | number; singletonKey?: string; retryLimit?: number };
}

export interface Tx extends Sql {
  /** Events appended in this transaction; dispatched to processors only after commit. */
  readonly events: StoredEvent[];
  /** Jobs appended in this transaction; inserted into the queue just before COMMIT, so both or neither persist. */
  readonly jobs: PendingJob[];
  /** Work that must reach the database in this transaction, run in order just before its jobs are written and it commits. */
  beforeCommit?: (() => Promise<void>)[];
}

export type DbKind = 'embedded' | 'postgres';

export interface Db extends Sql {
  readonly kind: DbKind;
  /** Runs fn in one transaction; commit on success, rollback on throw. Events go out after commit. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: statements that commit on their own, on a small pool of connections that no
   * transaction holds, so code inside a transaction can use it without waiting for its own pool.
   * Undefined on PGlite (one connection: a statement outside the open transaction would deadlock).
   */
  readonly autonomous?: Sql;
  /**
   * PostgreSQL with named statements: where the job queue runs its own statements (pg-boss's fetch and
   * completion, the due poller), on connections that keep one generic plan per statement. Its table is
   * partitioned by queue, and PostgreSQL kept custom plans for those statements (the generic one's cost
   * counts every partition), so each call was planned afresh: 1.3–2.1 ms of planning against well under
   * a millisecond of running (pg_stat_statements under ingest). A generic plan prunes the partitions when
   * it runs. Undefined on PGlite and without named statements (a transaction pooler): the queue uses the Db.
   */
  readonly queue?: Sql;
  /** Listeners receive every committed batch of events of this process. */
  onCommittedEvents(listener: (events: StoredEvent[]) => void): () => void;
  /** The job queue's writer, set once at boot: called inside the transaction, before COMMIT, when it appended jobs. */
  setJobWriter(writer: (tx: Tx, jobs: PendingJob[]) => Promise<void>): void;
  close(): Promise<void>;
  /** Embedded only: the whole database as a tarball (loadable by createEmbeddedDb; the tests' template). */
  dump?(): Promise<Blob>;
}
