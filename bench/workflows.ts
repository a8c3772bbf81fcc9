/**
 * `npm run bench -- workflows [--messages 300] [--workflows 100] [--db postgres|embedded]`
 *
 * The workflow engine's overhead: inbound messages/s through the one inbound door with every reaction
 * drained (the work a real server does per message), first with the workflows off, then with 100 live
 * workflows listening to `message.received` (99 whose text filter does not match, 1 that tags the
 * ticket). Also the p50/p99 from the message's event to the first action's step being written.
 * In-process (no HTTP); prints figures, never asserts timings.
 */
import { Command } from 'commander';
import { assembleContext } from '../src/server/boot.js';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { loadEnv } from '../src/server/core/env.js';
import { createWorkspace } from '../src/server/areas/access/index.js';
import { ingestInbound } from '../src/server/areas/tickets/index.js';
import { createWorkflow, publishWorkflow, setEnabled } from '../src/server/areas/workflows/commands/workflow-commands.js';
import type { WorkflowGraph } from '../src/shared/workflows.js';
import { percentile } from './load.js';
import { scratchDatabase } from './support.js';

const o = new Command()
  .name('bench workflows')
  .option('--messages <n>', 'inbound messages per phase', '300')
  .option('--workflows <n>', 'live workflows in the "on" phase', '100')
  .option('--db <kind>', 'postgres | embedded', 'postgres')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .parse()
  .opts();

const N = Number(o.messages);
const target = await scratchDatabase(o.db === 'embedded' ? 'embedded' : 'postgres', { label: 'wf', pgUrl: o.pgUrl });
const db = await createDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
try {
  await migrate(db);
  const env = loadEnv({ ...process.env, ...target.env, LOG_LEVEL: 'silent' });
  const ctx = assembleContext(db, env, { keyDir: target.dataDir, clock: false });
  await ctx.jobs.start(ctx, { work: false });
  const { workspace, user } = await createWorkspace(db, { workspaceName: 'Bench Workflows', admin: { name: 'Quản Trị', email: `wf-${Date.now()}@example.vn`, password: 'mat-khau-123' } });
  const actor = { kind: 'user' as const, id: user.id, workspaceId: workspace.id, role: 'admin' as const, name: 'Quản Trị' };

  let seq = 0;
  async function phase(label: string): Promise<number> {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      seq++;
      await ingestInbound(
        db,
        { channel: 'api', externalId: `wf-bench-${seq}`, from: { kind: 'phone', value: `09${String(10000000 + seq).slice(-8)}`, name: `Khách ${seq}` }, body: seq % 2 ? 'Máy lạnh cần bảo hành gấp' : 'Cho hỏi giá tủ lạnh', contentType: 'text', attachments: [] },
        { kind: 'system', workspaceId: workspace.id },
      );
      // Everything each message sets off (metrics, surveys, workflows …) is done before the next: a saturated single worker.
      await ctx.jobs.drain();
    }
    const s = (performance.now() - t0) / 1000;
    const rate = N / s;
    console.log(`${label.padEnd(48)} ${rate.toFixed(1).padStart(7)} msg/s  (${N} messages in ${s.toFixed(1)} s)`);
    return rate;
  }

  const off = await phase('workflows off');

  const wfs = Number(o.workflows);
  for (let i = 0; i < wfs; i++) {
    const matching = i === 0;
    const graph: WorkflowGraph = {
      nodes: [
        { id: 't', kind: 'trigger', type: 'message.received', config: { textContains: [matching ? 'bao hanh' : `tu khoa ${i}`] }, position: { x: 0, y: 0 } },
        { id: 'a', kind: 'action', type: 'add_tag', config: { tag: matching ? 'bao-hanh' : `t${i}` }, position: { x: 0, y: 100 } },
      ],
      edges: [{ id: 'e', source: 't', target: 'a', handle: 'out' }],
    };
    const wf = await createWorkflow(db, actor, { name: `WF ${i}`, graph });
    await publishWorkflow(db, actor, wf.id);
    await setEnabled(db, actor, wf.id, true);
  }
  const on = await phase(`${wfs} workflows on (1 matches half the messages)`);
  console.log(`engine overhead: ${(((off - on) / off) * 100).toFixed(1)}% fewer messages/s`);

  const lat = await db.query<{ ms: number }>(
    `SELECT extract(epoch FROM (s.finished_at - e.created_at)) * 1000 AS ms
       FROM workflow_runs r JOIN events e ON e.id = r.trigger_event_id
       JOIN workflow_run_steps s ON s.run_id = r.id AND s.seq = 2 WHERE r.workspace_id = $1`,
    [workspace.id],
  );
  const ms = lat.map((r) => Number(r.ms)).sort((a, b) => a - b);
  console.log(`event → first action (${ms.length} runs): p50 ${percentile(ms, 50).toFixed(1)} ms   p99 ${percentile(ms, 99).toFixed(1)} ms`);
  await ctx.jobs.stop();
} finally {
  await db.close();
  await target.cleanup();
}
