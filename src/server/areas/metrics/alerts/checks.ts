import type { AlertCheck, MeasureKey } from '../../../../shared/metrics.js';
import type { Db } from '../../../core/db/types.js';
import { workspaceZone } from '../engine.js';
import { DEFAULT_DETECTOR_CONFIG, detect, WATCHED, type DetectorConfig, type Finding } from './detect.js';
import { loadComparisons } from './source.js';
import { formatValue, MEASURE_NAMES_VI, pText, viDay } from './texts.js';
import { windowsAt, type Windows } from './windows.js';

/** The practical minimum a finding of this measure needs (detect.ts strips it from the finding). */
function minEffectOf(measure: MeasureKey, config: DetectorConfig): number {
  const kind = WATCHED[measure];
  return kind === 'proportion' ? config.minEffect.percentPoints : kind === 'nps' ? config.minEffect.npsPoints : config.minEffect.superiority;
}

function verdictOf(f: Finding, minEffect: number, config: DetectorConfig): AlertCheck['verdict'] {
  if (!f.tested) return f.recent.n === 0 && f.baseline.n === 0 ? 'no_data' : 'too_few';
  // Worse at all? Proportions and NPS: a positive gap; times and CES: A above one half.
  const worse = WATCHED[f.measure] === 'distribution' ? f.effect > 0.5 : f.effect > 0;
  if (!worse) return 'not_worse';
  if (f.adjustedP === null || f.adjustedP > config.alpha) return 'not_significant';
  return f.effect >= minEffect ? 'alarm' : 'too_small';
}

/** One Vietnamese sentence saying why (kept with the API answer for integrations; the web app writes its own). */
function summaryOf(f: Finding, verdict: AlertCheck['verdict'], w: Windows, minEffect: number, config: DetectorConfig): string {
  const name = MEASURE_NAMES_VI[f.measure];
  const figures =
    `${formatValue(f.measure, f.baseline.value)} (n = ${f.baseline.n}, ${viDay(w.baseline.from)}–${viDay(w.baseline.to)}) → ` +
    `${formatValue(f.measure, f.recent.value)} (n = ${f.recent.n}, ${viDay(w.recent.from)}–${viDay(w.recent.to)})`;
  switch (verdict) {
    case 'no_data':
      return `${name}: chưa có dữ liệu trong 7 ngày qua và 28 ngày trước đó.`;
    case 'too_few':
      return `${name}: ${figures}. Chưa kiểm định: cần ít nhất ${config.minSamples} quan sát mỗi bên.`;
    case 'not_worse':
      return `${name}: ${figures}. Không xấu đi so với mức thường ngày.`;
    case 'not_significant':
      return `${name}: ${figures}. Có xấu đi nhưng chưa có ý nghĩa thống kê (${pText(f.adjustedP)} sau hiệu chỉnh > ${config.alpha}): có thể chỉ là dao động ngẫu nhiên với cỡ mẫu này.`;
    case 'too_small':
      return `${name}: ${figures}. Có ý nghĩa thống kê (${pText(f.adjustedP)}) nhưng mức thay đổi nhỏ hơn ngưỡng cảnh báo (${minEffect}).`;
    case 'alarm':
      return `${name}: ${figures}. Xấu đi rõ rệt (${pText(f.adjustedP)} sau hiệu chỉnh): đang cảnh báo.`;
  }
}

/**
 * What the latest detection says about each watched measure of the whole workspace, and why: the same
 * windows, tests and correction as the hourly pass (runDetection), but read-only — it stores nothing.
 * The correction covers every scope tested, like the pass, so the adjusted p-values are the pass's own.
 */
export async function alertChecks(db: Db, workspaceId: string, opts: { now?: Date; config?: Partial<DetectorConfig> } = {}): Promise<AlertCheck[]> {
  const config: DetectorConfig = { ...DEFAULT_DETECTOR_CONFIG, ...opts.config, minEffect: { ...DEFAULT_DETECTOR_CONFIG.minEffect, ...opts.config?.minEffect } };
  const windows = windowsAt(opts.now ?? new Date(), await workspaceZone(db, workspaceId), config);
  const findings = detect(await loadComparisons(db, workspaceId, windows), config);
  return findings
    .filter((f) => f.scope.kind === 'workspace')
    .map((f) => {
      const minEffect = minEffectOf(f.measure, config);
      const verdict = verdictOf(f, minEffect, config);
      return {
        measure: f.measure,
        verdict,
        test: f.test,
        recent: { ...windows.recent, value: f.recent.value, n: f.recent.n },
        baseline: { ...windows.baseline, value: f.baseline.value, n: f.baseline.n },
        pValue: f.pValue,
        adjustedP: f.adjustedP,
        effect: f.effect,
        minEffect,
        alpha: config.alpha,
        minSamples: config.minSamples,
        summary: summaryOf(f, verdict, windows, minEffect, config),
      };
    });
}
