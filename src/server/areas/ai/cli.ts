import type { Command } from 'commander';
import type { OpenContext } from '../../core/context.js';
import { evaluate, LABEL_COLUMNS, readLabelledFile, TEXT_COLUMNS } from './eval.js';
import { trainWorkspace } from './commands/train.js';

/** `cli ai eval …` (the product's classifier on two CSV files) and `cli ai train [--workspace]`. */
export function registerAiCommands(program: Command, openContext: OpenContext): void {
  const ai = program.command('ai').description('AI: ticket classification and sentiment');
  ai.command('eval')
    .description('Train the product classifier from scratch on one labelled file, predict another; the last line is one JSON object')
    .requiredOption('--train <file>', 'training file: CSV/TSV with a header row, JSON Lines, or a JSON array')
    .requiredOption('--test <file>', 'test file (same formats)')
    .option('--text-column <name>', `the text column (default: the first of ${TEXT_COLUMNS.join(', ')}; else the column of clearly the longest values)`)
    .option('--label-column <name>', `the label column (default: the first of ${LABEL_COLUMNS.join(', ')}; else the other column with the fewest distinct values)`)
    .option('--out-of-scope-label <label>', 'the label of out-of-scope examples: below the hand-off threshold counts as that label')
    .option('--threshold <p>', 'hand-off confidence threshold (default: the product’s)')
    .action(async (o: { train: string; test: string; textColumn?: string; labelColumn?: string; outOfScopeLabel?: string; threshold?: string }) => {
      const trainFile = readLabelledFile(o.train, o.textColumn, o.labelColumn);
      // Each file's columns are found on its own: a test side may spell them differently ("Text", "intent").
      const testFile = readLabelledFile(o.test, o.textColumn, o.labelColumn);
      const [train, test] = [trainFile.examples, testFile.examples];
      const labels = new Set(train.map((e) => e.label));
      const cols = (f: typeof trainFile) => `text "${f.textColumn}" (${f.how.text}), label "${f.labelColumn}" (${f.how.label})`;
      console.log(`train: ${train.length} examples, ${labels.size} labels; ${cols(trainFile)}`);
      console.log(`test: ${test.length} examples; ${cols(testFile)}`);
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
