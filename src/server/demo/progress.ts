import cliProgress from 'cli-progress';
import type { DemoOptions } from './generate.js';

/** A cli-progress bar fed by the generator's onProgress, with live rows/s (plain lines without a terminal). */
export function demoProgressBar(label = 'Khách hàng / customers'): { onProgress: NonNullable<DemoOptions['onProgress']>; stop(): void } {
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {rows} rows | {rate} rows/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let begun = false;
  let lastTenth = -1;
  return {
    onProgress: ({ customers, total, rows }) => {
      const rate = Math.round(rows / ((performance.now() - started) / 1000));
      // Logs and CI have no terminal to redraw a bar in: a plain line every 10 % instead.
      if (!process.stdout.isTTY) {
        const tenth = Math.floor((customers / Math.max(1, total)) * 10);
        if (tenth !== lastTenth) console.log(`${label}: ${customers}/${total} customers, ${rows} rows, ${rate} rows/s`);
        lastTenth = tenth;
        return;
      }
      if (!begun) {
        bar.start(total, 0, { rows: 0, rate: 0 });
        begun = true;
      }
      bar.update(customers, { rows, rate });
    },
    stop: () => {
      if (begun) bar.stop();
    },
  };
}
