import type { Db } from '../../../core/db/types.js';
import { AppError } from '../../../core/errors.js';
import type { Actor } from '../../../core/http/actor.js';
import { normalizeIdentities } from '../../customers/index.js';
import { fileInboundMany, ingestInbound, type InboundMessage, type IngestResult } from './ingest-inbound.js';
import { rememberSlaSettings } from './sla.js';
import { deferEvents } from '../../../core/events/append.js';

/** Deliveries filed in one transaction at most (a bigger group holds its locks longer). */
const MAX_PER_TRANSACTION = 50;

interface Pending {
  input: InboundMessage;
  actor: Actor;
  /** Sort key: the first normalised identity, so every group takes identity locks in one global order. */
  key: string;
  resolve(r: IngestResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit for inbound messages: deliveries that arrive while the writer's transactions are busy
 * wait and are then filed together in one transaction (one COMMIT, one reaction job per reaction,
 * SLA settings read once), instead of one transaction each. Each caller's promise settles only after
 * its group committed, so an acknowledged message is a committed one, exactly as with ingestInbound.
 *
 * The group is filed by fileInboundMany (the same logic as one message, with the locks and reads its
 * deliveries share done once for all); idempotency is its per-key advisory lock + stored row check,
 * and a delivery repeated within the group answers as its first occurrence. One bad delivery must not fail the others: what can be checked before is
 * (identities are normalised up front and refused alone); if a delivery still fails inside the group,
 * the group's transaction rolls back as a whole and each of its deliveries is filed again on its own
 * (ingestInbound), so only the bad one fails, and a group lost to a deadlock is simply redone.
 *
 * Groups are sorted by their sender's identity, so concurrent groups lock identities in the same
 * order (no deadlock between them); a sender's deliveries keep their arrival order (stable sort).
 */
export class InboundGroupWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    /**
     * Transactions open at once: PostgreSQL files groups in parallel; PGlite has one connection. Four, not
     * more: deliveries that wait for a free transaction join bigger groups (≈ 9.5 messages per transaction
     * instead of 6 with 50 clients), so a message costs fewer statements (a group's fixed ~17 are shared
     * wider) — on a CPU-bound database server that files more per second, not fewer (README, ingest at scale).
     */
    private readonly maxInFlight = db.kind === 'postgres' ? 4 : 1,
  ) {}

  /** Files one delivery (as ingestInbound in 'message' mode) and resolves once its group committed. */
  ingest(input: InboundMessage, actor: Actor): Promise<IngestResult> {
    let key: string;
    try {
      const ids = normalizeIdentities([{ kind: input.from.kind, value: input.from.value }, ...(input.extraIdentities ?? [])]);
      key = ids[0] ? `${ids[0].kind}|${ids[0].value}` : '';
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<IngestResult>((resolve, reject) => {
      this.queue.push({ input, actor, key, resolve, reject });
      this.schedule();
    });
  }

  /** Several deliveries (the batch endpoint); each settles on its own, in the input's order. */
  ingestMany(items: { input: InboundMessage; actor: Actor }[]): Promise<PromiseSettledResult<IngestResult>[]> {
    return Promise.allSettled(items.map((i) => this.ingest(i.input, i.actor)));
  }

  // Deliveries parsed in the same turn of the event loop join one group.
  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_PER_TRANSACTION);
      this.inFlight++;
      void this.file(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async file(group: Pending[]): Promise<void> {
    const ordered = group
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (a.p.key < b.p.key ? -1 : a.p.key > b.p.key ? 1 : a.i - b.i))
      .map((x) => x.p);
    let results: IngestResult[];
    try {
      results = await this.db.tx(async (tx) => {
        rememberSlaSettings(tx);
        // The group's customer, ticket and message events in one insert at commit instead of three.
        deferEvents(tx);
        return fileInboundMany(this.db, tx, ordered);
      });
    } catch (err) {
      // A delivery alone whose error is the caller's (bad input) needs no second try.
      if (ordered.length === 1 && err instanceof AppError) return ordered[0].reject(err);
      // One after another: a sender's deliveries keep their order.
      for (const p of ordered) await ingestInbound(this.db, p.input, p.actor).then(p.resolve, p.reject);
      return;
    }
    ordered.forEach((p, i) => p.resolve(results[i]));
  }
}

const writers = new WeakMap<Db, InboundGroupWriter>();

/** This process's group writer for a database (one per Db, so every route and channel shares its groups). */
export function inboundWriter(db: Db): InboundGroupWriter {
  let w = writers.get(db);
  if (!w) {
    w = new InboundGroupWriter(db);
    writers.set(db, w);
  }
  return w;
}
