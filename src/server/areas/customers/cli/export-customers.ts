import fs from 'node:fs';
import type { OpenContext } from '../../../core/context.js';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { stringify } from 'csv-stringify';
import { exportColumns, exportRecords } from '../queries/export-customers.js';
import { requireWorkspace } from './customer-workspace.js';

/** `cli export-customers --workspace <id> --out file.csv`: the same CSV as GET /api/customers/export.csv. */
export function registerExportCustomersCommand(program: Command, openContext: OpenContext): void {
  program
    .command('export-customers')
    .description('Export all live customers of a workspace to CSV (UTF-8 with BOM, opens in Excel)')
    .requiredOption('--workspace <id>', 'workspace id')
    .requiredOption('--out <file>', 'where to write the CSV')
    .action(async (o: { workspace: string; out: string }) => {
      const ctx = await openContext();
      const bar = new cliProgress.SingleBar({ format: 'Exporting [{bar}] {value}/{total} customers' }, cliProgress.Presets.shades_classic);
      try {
        const ws = await requireWorkspace(ctx, o.workspace);
        const total = (await ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1 AND merged_into_id IS NULL', [ws.id])).n;
        const columns = await exportColumns(ctx.db, ws.id);
        bar.start(total, 0);
        let done = 0;
        const count = new Transform({
          objectMode: true,
          transform(record, _enc, cb) {
            if (++done % 500 === 0) bar.update(done);
            cb(null, record);
          },
        });
        await pipeline(Readable.from(exportRecords(ctx.db, ws.id, columns)), count, stringify({ header: true, columns, bom: true }), fs.createWriteStream(o.out));
        bar.update(done);
        bar.stop();
        console.log(`Wrote ${done} customers of ${ws.name} to ${o.out}`);
      } finally {
        bar.stop();
        await ctx.db.close();
      }
    });
}
