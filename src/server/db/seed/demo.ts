import type { AppContext } from '../../context.js';

/** Fills a realistic Vietnamese demo workspace when the database has none (filled in by the demo generator). */
export async function seedDemoIfEmpty(_ctx: AppContext, _opts: { customers: number }): Promise<void> {
  throw new Error('demo generator not built yet');
}
