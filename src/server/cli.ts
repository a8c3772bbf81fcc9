import { Command } from 'commander';
import { registerDemoCommand } from './cli/demo.js';
import { registerImportCustomersCommand } from './cli/import-customers.js';
import { registerExportCustomersCommand } from './cli/export-customers.js';
import { registerMetricsCommand } from './metrics/cli.js';

/** `npm run cli -- <command>`: administration commands; each area registers its own subcommand. */
const program = new Command().name('tan-tam').description('Tận Tâm command line');
registerDemoCommand(program);
registerImportCustomersCommand(program);
registerExportCustomersCommand(program);
registerMetricsCommand(program);

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
