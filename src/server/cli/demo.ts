import type { Command } from 'commander';
import { bootContext } from '../boot.js';
import { loadEnv } from '../core/env.js';
import { seedDemoIfEmpty } from '../demo/demo.js';

/** `cli demo --customers N [--workspace-name …]`: generates the Vietnamese demo workspace at any scale. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Generate a realistic Vietnamese demo workspace (customers, tickets, messages); does nothing if it exists')
    .option('--customers <n>', 'number of customers (≈1 ticket and ≈4 messages each)', '300')
    .option('--workspace-name <name>', 'workspace name (default: Cửa hàng Điện máy Tận Tâm)')
    .option('--seed <n>', 'random seed: the same seed gives the same data', '2026')
    .option('--batch-size <n>', 'customers per transaction', '5000')
    .action(async (o: { customers: string; workspaceName?: string; seed: string; batchSize: string }) => {
      const customers = Number(o.customers);
      if (!Number.isInteger(customers) || customers < 0) throw new Error('--customers must be a whole number ≥ 0');
      const env = loadEnv();
      const ctx = await bootContext(env);
      try {
        console.log(`Database: ${ctx.db.kind === 'postgres' ? 'PostgreSQL' : `embedded (${env.DATA_DIR})`}`);
        await seedDemoIfEmpty(ctx, {
          customers,
          workspaceName: o.workspaceName,
          seed: Number(o.seed),
          batchSize: Number(o.batchSize),
        });
      } finally {
        await ctx.db.close();
      }
    });
}
