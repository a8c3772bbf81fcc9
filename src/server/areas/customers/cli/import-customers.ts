import fs from 'node:fs';
import type { OpenContext } from '../../../core/context.js';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { importCustomers } from '../commands/import-customers.js';
import { requireWorkspace } from './customer-workspace.js';

/** `cli import-customers <file> --workspace <id>`: the same import as POST /api/customers/import, with a progress bar. */
export function registerImportCustomersCommand(program: Command, openContext: OpenContext): void {
  program
    .command('import-customers')
    .description('Import customers from a CSV file (columns as in the web import; matches on phone, then email)')
    .argument('<file>', 'CSV file (UTF-8, comma or semicolon separated)')
    .requiredOption('--workspace <id>', 'workspace id')
    .option('--batch-size <n>', 'rows per transaction', '500')
    .action(async (file: string, o: { workspace: string; batchSize: string }) => {
      if (!fs.existsSync(file)) throw new Error(`File not found: ${file}`);
      const csv = fs.readFileSync(file, 'utf8');
      const ctx = await openContext();
      const bar = new cliProgress.SingleBar({ format: 'Importing [{bar}] {value}/{total} rows | {eta_formatted} left' }, cliProgress.Presets.shades_classic);
      try {
        const ws = await requireWorkspace(ctx, o.workspace);
        console.log(`Workspace: ${ws.name}`);
        let started = false;
        const result = await importCustomers(ctx.db, {
          workspaceId: ws.id,
          csv,
          actor: { kind: 'system', workspaceId: ws.id },
          batchSize: Number(o.batchSize) || 500,
          onProgress: (done, total) => {
            if (!started) {
              bar.start(total, 0);
              started = true;
            }
            bar.update(done);
          },
        });
        bar.stop();
        console.log(`Imported ${result.imported}, updated ${result.updated}, unchanged ${result.unchanged}, errors ${result.errors.length}`);
        for (const e of result.errors.slice(0, 50)) console.log(`  line ${e.line}: ${e.reason}`);
        if (result.errors.length > 50) console.log(`  … and ${result.errors.length - 50} more`);
        if (result.errors.length > 0) process.exitCode = 2;
      } finally {
        bar.stop();
        await ctx.db.close();
      }
    });
}
