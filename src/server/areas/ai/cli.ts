import type { Command } from 'commander';
import type { OpenContext } from '../../core/context.js';
import { evaluate, readLabelledCsv } from './eval.js';
import { trainWorkspace } from './commands/train.js';

/** `cli ai eval …` (the product's classifier on two CSV files) and `cli ai train [--workspace]`. */
export function registerAiCommands(program: Command, openContext: OpenContext): void {
  const ai = program.command('ai').description('AI: ticket classification and sentiment');
  ai.command('eval')
    .description('Train the product classifier from scratch on one CSV, predict another; the last line is one JSON object')
    .requiredOption('--train <file>', 'training CSV (header row)')
    .requiredOption('--test <file>', 'test CSV (header row)')
    .option('--text-column <name>', 'the text column', 'text')
    .option('--label-column <name>', 'the label column', 'label')
    .option('--out-of-scope-label <label>', 'the label of out-of-scope examples: below the hand-off threshold counts as that label')
    .option('--threshold <p>', 'hand-off confidence threshold (default: the product’s)')
    .action(async (o: { train: string; test: string; textColumn: string; labelColumn: string; outOfScopeLabel?: string; threshold?: string }) => {
      const train = readLabelledCsv(o.train, o.textColumn, o.labelColumn);
      const test = readLabelledCsv(o.test, o.textColumn, o.labelColumn);
      const labels = new Set(train.map((e) => e.label));
      console.log(`train: ${train.length} examples, ${labels.size} labels; test: ${test.length} examples`);
      const threshold = o.threshold === undefined ? undefined : Number(o.threshold);
      if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new Error('--threshold must be between 0 and 1');
      const r = await evaluate(train, test, { oosLabel: o.outOfScopeLabel, threshold });
      console.log(JSON.stringify(r));
    });
  ai.command('train')
    .description('Train the ticket-field and sentiment models of a workspace (or all) now')
    .option('--workspace <id>', 'workspace id (default: every workspace)')
    .action(async (o: { workspace?: string }) => {
      const ctx = await openContext();
      try {
        const ids = o.workspace ? [o.workspace] : (await ctx.db.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at')).map((w) => w.id);
        for (const id of ids) {
          for (const r of await trainWorkspace(ctx.db, id)) {
            console.log(`${id} ${r.kind}: ${r.status}, ${r.examples} examples${r.report?.accuracy != null ? `, cross-validated accuracy ${r.report.accuracy.toFixed(3)}` : ''}`);
          }
        }
      } finally {
        await ctx.db.close();
      }
    });
}
