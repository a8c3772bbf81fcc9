import type { AppContext } from '../core/context.js';
import { generateDemo, type DemoOptions, type DemoResult } from './generate.js';
import { demoProgressBar } from './progress.js';
import { seedDemoSurveys } from './demo-surveys.js';
import { seedDemoOrders } from './orders.js';
import { seedDemoKnowledge } from './kb-articles.js';
import { rebuildRetention, rebuildWorkspace } from '../areas/metrics/index.js';
import { seedDefaultWorkflowsFor } from '../areas/workflows/index.js';
import { trainWorkspace } from '../areas/ai/index.js';

/** Fills a realistic Vietnamese demo workspace unless it already exists, and prints how to log in. */
export async function seedDemoIfEmpty(
  ctx: AppContext,
  opts: Omit<DemoOptions, 'onProgress'> & { quiet?: boolean },
): Promise<DemoResult> {
  const log = opts.quiet ? () => undefined : (s: string) => console.log(s);
  const bar = opts.quiet ? null : demoProgressBar();
  let result: DemoResult;
  try {
    const say = (line: string) => {
      bar?.stop();
      log(line);
    };
    result = await generateDemo(ctx.db, { ...opts, onProgress: bar?.onProgress, log: say });
  } finally {
    bar?.stop();
  }
  if (!result.created) {
    log(`Demo workspace "${result.workspaceName}" already exists: nothing generated.`);
  } else {
    const c = result.counts;
    log(
      `Demo workspace "${result.workspaceName}": ${c.customers} customers, ${c.identities} identities, ${c.tickets} tickets, ` +
        `${c.messages} messages, ${c.events} events in ${result.seconds.toFixed(1)} s (${Math.round(result.rowsPerSecond)} rows/s).`,
    );
    // Survey answers and the reports' rollups, so the demo's dashboards have figures from the start.
    const sales = await seedDemoOrders(ctx.db, result.workspaceId);
    log(`Đơn hàng / orders: ${sales.orders} orders, ${sales.items} lines.`);
    const answers = await seedDemoSurveys(ctx.db, result.workspaceId);
    const rebuilt = await rebuildWorkspace(ctx.db, result.workspaceId);
    log(`Kho kiến thức / knowledge base: ${(await seedDemoKnowledge(ctx, result.workspaceId)).articles} articles, /help/dien-may-tan-tam.`);
    log(`Khảo sát / surveys: ${answers.csat} CSAT, ${answers.nps} NPS answers; reports: ${rebuilt.samples} figures over ${rebuilt.days} days.`);
    // The orders were written in bulk (no order events ran the retention reaction): CRR, churn, CLV from them now.
    const retention = await rebuildRetention(ctx.db, result.workspaceId);
    log(`Giữ chân / retention: ${retention.customers} buyers.`);
    // What a new installation's workspace gets: the SLA escalation published and on.
    const workflows = await seedDefaultWorkflowsFor(ctx, result.workspaceId);
    log(`Quy trình tự động / workflows: ${workflows.length} published (SLA escalation).`);
    // The models the nightly training would make, so the demo's tickets show AI suggestions and its
    // settings page a per-class report from the first visit (a few seconds, on worker threads).
    const models = await trainWorkspace(ctx.db, result.workspaceId);
    log(`AI: ${models.map((m) => `${m.kind} ${m.status}${m.report?.accuracy != null ? ` (${m.report.accuracy.toFixed(2)})` : ''}`).join(', ')}.`);
  }
  log(`Đăng nhập / Log in: http://localhost:${ctx.env.PORT} — ${result.adminEmail} / ${result.password}`);
  log(`Nhân viên / agents: lan.nguyen@${result.adminEmail.split('@')[1]} (same password)`);
  return result;
}
