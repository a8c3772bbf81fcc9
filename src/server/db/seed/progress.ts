import cliProgress from 'cli-progress';
import type { DemoOptions } from './generate.js';

/** A cli-progress bar fed by the generator's onProgress, with live rows/s. */
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
  return {
    onProgress: ({ customers, total, rows }) => {
      const rate = Math.round(rows / ((performance.now() - started) / 1000));
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
