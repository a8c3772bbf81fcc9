/**
 * `npm run bench -- alerts [--trials 200] [--family 100] [--scopes 100] [--db embedded|postgres]`
 *
 * Early warning as a simulation study (seeded, so reruns print the same figures):
 * 1. Power: how often an injected drop of a given size is found, per measure kind (proportion: CSAT
 *    from 85 %; time: FRT log-normal, median 10 min) and recent sample size (baseline 4× larger),
 *    when tested together with `family − 1` other (null) tests under the Benjamini–Hochberg correction
 *    — the null p-values are uniform, as they are for continuous tests under no change.
 * 2. False alarms on pure noise: full passes of `family` simulated comparisons with no change; the
 *    share of passes with any alarm (BH bounds it by α = 5 %) and the share of tests that alarmed.
 * 3. Run time of one detection pass over a workspace with N agents (plus teams, channels and the
 *    workspace) on a real database with the metrics engine's rollups, and of the pure detector alone.
 * Prints figures; never asserts.
 */
import { Command } from 'commander';
import uniform from '@stdlib/random-base-uniform';
import { DEFAULT_DETECTOR_CONFIG, detect, evaluate, type Comparison, type Scope } from '../src/server/areas/metrics/index.js';
import { scopesFor, simulator } from '../src/server/areas/metrics/index.js';
import { adjustPValues } from '../src/server/areas/metrics/index.js';

const o = new Command()
  .name('bench alerts')
  .option('--trials <n>', 'simulated trials per cell', '200')
  .option('--family <n>', 'tests corrected together in one pass (scopes × measures)', '100')
  .option('--scopes <n>', 'agents in the run-time workspace', '100')
  .option('--db <kind>', 'embedded | postgres (run-time part)', 'embedded')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--seed <n>', 'random seed', '20261122')
  .parse()
  .opts();
const TRIALS = Number(o.trials);
const FAMILY = Number(o.family);
const SEED = Number(o.seed);
const config = DEFAULT_DETECTOR_CONFIG;
const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;

const sim = simulator(SEED);
const nullP = uniform.factory(0, 1, { seed: SEED + 7 });
const scope: Scope = { kind: 'agent', id: 'x', label: 'x' };

/** Share of trials where the injected comparison alarms among FAMILY − 1 null tests (BH). */
function power(make: () => Comparison): number {
  let found = 0;
  for (let t = 0; t < TRIALS; t++) {
    const e = evaluate(make(), config);
    if (!e.tested) continue;
    const ps = [e.pValue!, ...Array.from({ length: FAMILY - 1 }, () => nullP())];
    const adjusted = adjustPValues(ps, config.correction)[0];
    if (adjusted <= config.alpha && e.effect >= e.minEffect) found++;
  }
  return found / TRIALS;
}

const sizes = [30, 60, 120, 250];
console.log(`early warning — α = ${config.alpha}, ${config.correction.toUpperCase()} over ${FAMILY} tests, min n ${config.minSamples} a side, ` +
  `min effect ${config.minEffect.percentPoints} pp / A ≥ ${config.minEffect.superiority}; ${TRIALS} trials per cell, seed ${SEED}\n`);

console.log('1. detection rate (power) — proportion: CSAT 85 % → 85 % − drop (baseline n = 4 × recent n)');
console.log(`   ${'drop'.padEnd(8)}${sizes.map((n) => `n=${n}`.padStart(9)).join('')}`);
for (const drop of [5, 10, 15, 20]) {
  const row = sizes.map((n) => pct(power(() => ({ measure: 'csat', scope, recent: sim.proportion(n, 0.85 - drop / 100), baseline: sim.proportion(4 * n, 0.85) }))).padStart(9));
  console.log(`   ${`−${drop} pp`.padEnd(8)}${row.join('')}`);
}
console.log('\n   time: FRT log-normal (median 10 min, log-sd 1) → median × factor');
console.log(`   ${'factor'.padEnd(8)}${sizes.map((n) => `n=${n}`.padStart(9)).join('')}`);
for (const factor of [1.1, 1.25, 1.5, 2]) {
  const row = sizes.map((n) => pct(power(() => ({ measure: 'frt', scope, recent: sim.times(n, 600 * factor), baseline: sim.times(4 * n, 600) }))).padStart(9));
  console.log(`   ${`× ${factor}`.padEnd(8)}${row.join('')}`);
}

console.log(`\n2. false alarms on pure noise — ${TRIALS} passes of ${FAMILY} tests each, no change anywhere (recent n = 60, baseline 240)`);
for (const kind of ['proportion', 'time'] as const) {
  let passes = 0;
  let alarms = 0;
  const scopes = scopesFor(FAMILY);
  for (let t = 0; t < TRIALS; t++) {
    const pass: Comparison[] = scopes.map((s) =>
      kind === 'proportion'
        ? { measure: 'csat', scope: s, recent: sim.proportion(60, 0.85), baseline: sim.proportion(240, 0.85) }
        : { measure: 'frt', scope: s, recent: sim.times(60, 600), baseline: sim.times(240, 600) },
    );
    const n = detect(pass, config).filter((f) => f.alarm).length;
    alarms += n;
    if (n > 0) passes++;
  }
  console.log(`   ${kind.padEnd(10)} passes with any alarm ${pct(passes / TRIALS)} (bound α = ${pct(config.alpha)}), alarms per test ${(alarms / (TRIALS * FAMILY) * 100).toFixed(3)} %`);
}

// 3. Run time on a real database.
console.log(`\n3. one detection pass over a workspace with ${o.scopes} agents (${o.db})`);
if (o.db === 'postgres') process.env.TEST_DATABASE_URL = o.pgUrl;
else delete process.env.TEST_DATABASE_URL;
const { createTestContext } = await import('../src/server/test/harness.js');
const { createWorkspace } = await import('../src/server/areas/access/commands/create-workspace.js');
const { RawWriter } = await import('../src/server/test/fixtures/metrics-raw.js');
const { rebuildWorkspace } = await import('../src/server/areas/metrics/refresh.js');
const { runDetection } = await import('../src/server/areas/metrics/alerts/run.js');
const { loadComparisons } = await import('../src/server/areas/metrics/alerts/source.js');
const { windowsAt } = await import('../src/server/areas/metrics/alerts/windows.js');
const { newId } = await import('../src/server/core/lib/ids.js');
const ctx = await createTestContext();
try {
  const { workspace } = await createWorkspace(ctx.db, { workspaceName: 'Bench cảnh báo', admin: { name: 'Quản Trị', email: `bench-${newId()}@example.vn`, password: 'mat-khau-123' } });
  const wsId = workspace.id;
  const AGENTS = Number(o.scopes);
  const teams = Array.from({ length: Math.max(1, Math.round(AGENTS / 10)) }, () => newId());
  for (const [i, t] of teams.entries()) await ctx.db.query(`INSERT INTO teams (id, workspace_id, name) VALUES ($1, $2, $3)`, [t, wsId, `Đội ${i + 1}`]);
  const agents = Array.from({ length: AGENTS }, () => newId());
  for (const [i, a] of agents.entries()) {
    await ctx.db.query(`INSERT INTO users (id, workspace_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, 'x', 'agent')`, [a, wsId, `a${i}-${a}@bench.vn`, `Nhân viên ${i + 1}`]);
  }
  const now = new Date();
  const started = performance.now();
  const channels = ['email', 'webchat', 'zalo'];
  await ctx.db.tx(async (tx) => {
    const w = new RawWriter(tx, wsId);
    for (const [i, agentId] of agents.entries()) {
      const teamId = teams[i % teams.length];
      // 40 answers and 40 tickets per agent over the 35 days, no change: realistic background.
      for (let k = 0; k < 40; k++) {
        const at = new Date(now.getTime() - Math.floor(sim.uniform() * 35 * 86_400_000));
        const channel = channels[k % 3];
        await w.answer({ type: 'csat', score: sim.uniform() < 0.85 ? 5 : 2, at, agentId, teamId, channel });
        const frt = Math.round(60 + sim.uniform() * 1200);
        await w.ticket({ createdAt: at, assigneeId: agentId, teamId, status: 'responded', channel }, [
          { direction: 'inbound', at },
          { direction: 'outbound', at: new Date(at.getTime() + frt * 1000), authorId: agentId },
        ]);
      }
    }
  });
  await rebuildWorkspace(ctx.db, wsId);
  console.log(`   data: ${AGENTS * 40} answers, ${AGENTS * 40} tickets written and folded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const times: number[] = [];
  let last;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    last = await runDetection(ctx, wsId, { now });
    times.push(performance.now() - t0);
  }
  const comparisons = await loadComparisons(ctx.db, wsId, windowsAt(now, 'Asia/Ho_Chi_Minh', config));
  const t1 = performance.now();
  detect(comparisons, config);
  const pure = performance.now() - t1;
  console.log(`   ${comparisons.length} (measure, scope) pairs, ${last!.tested} with enough data to test, ${last!.raised.length} alerts raised on this no-change data`);
  console.log(`   detection pass (read rollups + test + store): ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} (3 runs); pure detector alone: ${pure.toFixed(1)} ms`);
} finally {
  await ctx.close();
}
