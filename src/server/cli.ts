import { Command } from 'commander';
import { areas, bootContext } from './boot.js';
import { loadEnv } from './core/env.js';
import { registerDemoCommand } from './cli/demo.js';

// As the server (main.ts): what the CLI writes into DATA_DIR is private to this user.
process.umask(0o077);

/** `npm run cli -- <command>`: administration commands; each area registers its own subcommands. */
const program = new Command().name('tan-tam').description('Tận Tâm command line');
registerDemoCommand(program);
for (const area of areas) area.cli?.(program, () => bootContext(loadEnv()));

program
  .parseAsync(process.argv)
  // A command is done when its action resolves (it closed its database): the job queue's timers would
  // otherwise keep the process alive, polling a closed database.
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
