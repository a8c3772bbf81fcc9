/**
 * `npm run bench -- [area] [options]` — dispatches to one benchmark:
 *   (none)  core: ingest, inbox, 360, search (bench/run.ts; --customers, --db …)
 *   email   SMTP receiver ingest (bench/email.ts)
 *   imap    1,000 messages imported from Dovecot over IMAP (bench/imap.ts)
 *   widget  chat widget round trip with concurrent visitors (bench/widget.ts)
 *   widget-uploads  concurrent large visitor uploads: memory peak, refusals, bytes stored (bench/widget-uploads.ts)
 *   calls   telephony webhook events/s (bench/calls.ts)
 *   messenger  Messenger webhook: events/s accepted and processed, webhook → agent socket p50/p99 (bench/messenger.ts)
 *   zalo    Zalo OA webhook: events/s accepted and processed, webhook → agent socket p50/p99 (bench/zalo.ts)
 *   metrics metrics engine: backfill, 90-day overview and scorecard p50/p95, folding 10k events (bench/metrics.ts)
 *   alerts  early warning: detection rate, false alarms on noise, one pass's run time (bench/alerts.ts)
 *   search  ticket search p50/p95 with accents, without, other tone placement; plan indexes (bench/search.ts)
 *   notifications  unread counts per inbox view and who-is-told planning, p50/p95 (bench/notifications.ts)
 *   crosssell  cross-sell hit-rate@5 vs most-popular on the UCI baskets; segment count p50/p95 over 1M customers (bench/crosssell.ts)
 *   orders  1M orders imported from CSV (rows/s, progress bar), re-import, generic webhook orders/s (bench/orders.ts)
 *   ai      classification: BANKING77 5-fold CV accuracy, training time, latency p50/p99, out-of-scope hand-off, sentiment (bench/ai.ts)
 *   retention  CRR/churn/CLV dashboard p50/p95 over 1M orders, backfill, service ↔ value, at-risk (bench/retention.ts)
 *   workflows  inbound messages/s with 100 live workflows on vs off, event → first action p50/p99 (bench/workflows.ts)
 *   scale   ingest through HTTP: statements per message, single endpoint with 50 clients, batch endpoint, load (bench/scale.ts),
 *           then instances 1 vs 2 and counters PostgreSQL vs Redis (bench/scale-instances.ts)
 *   reaction-cost  one inbound message's cost split: ingest transaction, each reaction job, the queue's bookkeeping (bench/reaction-cost.ts)
 *   scale-instances  only the latter: ingest msg/s and cross-instance delivery p99 with 1 and 2 instances, counters per second
 * Each prints figures; none asserts timings.
 */
const areas = ['email', 'imap', 'widget', 'widget-uploads', 'calls', 'messenger', 'zalo', 'alerts', 'metrics', 'search', 'notifications', 'crosssell', 'retention', 'orders', 'ai', 'workflows', 'scale', 'scale-instances', 'reaction-cost'];
const first = process.argv[2];
if (first && areas.includes(first)) {
  process.argv.splice(2, 1);
  await import(`./${first}.js`);
  // Issue 15's benchmark output: the scale run ends with instances 1 vs 2 and the counters' stores.
  if (first === 'scale') await import('./scale-instances.js');
} else {
  await import('./run.js');
}
export {};
