import type { Command } from 'commander';
import type { OpenContext } from '../../core/context.js';
import cliProgress from 'cli-progress';
import { rebuildWorkspace } from './refresh.js';

/** `npm run cli -- metrics rebuild [--workspace <id>]`: recompute reporting rows and rollups from raw rows. */
export function registerMetricsCommand(program: Command, openContext: OpenContext): void {
  const metrics = program.command('metrics').description('Metrics engine upkeep');
  metrics
    .command('rebuild')
    .description('Recompute every metric sample and rollup from tickets, messages, survey answers, calls and chats')
    .option('--workspace <id>', 'only this workspace (default: all)')
    .action(async (o: { workspace?: string }) => {
      const ctx = await openContext();
      try {
        const list = await ctx.db.query<{ id: string; name: string }>(
          o.workspace ? 'SELECT id, name FROM workspaces WHERE id = $1' : 'SELECT id, name FROM workspaces ORDER BY created_at',
          o.workspace ? [o.workspace] : [],
        );
        if (o.workspace && list.length === 0) throw new Error(`No workspace ${o.workspace}`);
        for (const ws of list) {
          const bar = new cliProgress.SingleBar({ format: `${ws.name} [{bar}] {percentage}% | {value}/{total} sources | {phase}` }, cliProgress.Presets.shades_classic);
          let begun = false;
          const started = performance.now();
          const r = await rebuildWorkspace(ctx.db, ws.id, (done, total, phase) => {
            if (!begun) {
              bar.start(total, 0, { phase });
              begun = true;
            }
            bar.update(done, { phase });
          });
          bar.stop();
          console.log(`${ws.name}: ${r.samples} samples, ${r.days} days of rollups in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
      } finally {
        await ctx.db.close();
      }
    });
}
