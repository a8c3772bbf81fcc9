import fs from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { AppContext, OpenContext } from '../../../core/context.js';
import { OrderSourceSchema } from '../../../../shared/orders.js';
import { importOrders } from '../commands/import-orders.js';

/** The workspace to import into: the one named, else the only one. */
async function chooseWorkspace(ctx: AppContext, id: string | undefined): Promise<{ id: string; name: string }> {
  if (id) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`--workspace must be a workspace id (uuid), got "${id}"`);
    const ws = await ctx.db.maybeOne<{ id: string; name: string }>('SELECT id, name FROM workspaces WHERE id = $1', [id]);
    if (!ws) throw new Error(`No workspace with id ${id}`);
    return ws;
  }
  const all = await ctx.db.query<{ id: string; name: string }>('SELECT id, name FROM workspaces ORDER BY created_at LIMIT 2');
  if (all.length === 1) return all[0];
  throw new Error(all.length === 0 ? 'There is no workspace yet (open the app once, or run the demo)' : 'There are several workspaces: name one with --workspace <id>');
}

/** `cli orders import <file> [--source NAME] [--workspace ID]`: the same import as POST /api/orders/import, streamed, with a progress bar. */
export function registerOrdersCommands(program: Command, openContext: OpenContext): void {
  const orders = program.command('orders').description('Orders, quotes and contracts');
  orders
    .command('import')
    .description('Import orders from a CSV file (columns in the README: order code, customer phone/email/code, date, status, total, optional line items)')
    .argument('<file>', 'CSV file (UTF-8; comma, semicolon or tab separated)')
    .option('--source <name>', 'where the orders come from (kept as their source; re-importing the same source updates them)', 'csv')
    .option('--workspace <id>', 'workspace id (needed only when there are several)')
    .option('--batch-size <n>', 'orders per transaction', '200')
    .action(async (file: string, o: { source: string; workspace?: string; batchSize: string }) => {
      if (!fs.existsSync(file)) throw new Error(`File not found: ${file}`);
      const source = OrderSourceSchema.safeParse(o.source);
      if (!source.success) throw new Error(`--source: ${source.error.issues[0]?.message ?? 'invalid'}`);
      const size = fs.statSync(file).size;
      const ctx = await openContext();
      const bar = new cliProgress.SingleBar(
        { format: 'Importing [{bar}] {percentage}% | {orders} orders | {rate} rows/s | {eta_formatted} left', etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      const started = Date.now();
      try {
        const ws = await chooseWorkspace(ctx, o.workspace);
        console.log(`Workspace: ${ws.name} · source: ${source.data}`);
        bar.start(size, 0, { orders: 0, rate: 0 });
        const result = await importOrders(ctx.db, {
          workspaceId: ws.id,
          source: source.data,
          csv: fs.createReadStream(file),
          actor: { kind: 'system', workspaceId: ws.id },
          batchSize: Number(o.batchSize) || 200,
          onProgress: (p) => bar.update(p.bytes, { orders: p.orders, rate: Math.round(p.rows / Math.max(0.001, (Date.now() - started) / 1000)) }),
        });
        bar.update(size);
        bar.stop();
        console.log(`Orders ${result.orders}: created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, errors ${result.errors.length}`);
        if (result.unknownColumns.length > 0) console.log(`Ignored columns: ${result.unknownColumns.join(', ')}`);
        for (const e of result.errors.slice(0, 50)) console.log(`  line ${e.line}${e.code ? ` (${e.code})` : ''}: ${e.reason}`);
        if (result.errors.length > 50) console.log(`  … and ${result.errors.length - 50} more`);
        if (result.errors.length > 0) process.exitCode = 2;
      } finally {
        bar.stop();
        await ctx.db.close();
      }
    });
}
