import { MEASURE_DEFS, type MeasureKey } from '../../../../shared/metrics.js';
import type { Finding, ScopeKind } from './detect.js';
import type { Windows } from './windows.js';

/**
 * Vietnamese texts of early warning, made on the server because they are stored with the alert and
 * mailed: the evidence's summary and the supervisors' email. (The web app translates its own labels.)
 */

export const MEASURE_NAMES_VI: Record<MeasureKey, string> = {
  csat: 'CSAT (hài lòng)',
  nps: 'NPS',
  ces: 'CES (mức dễ dàng)',
  frt: 'Thời gian phản hồi đầu tiên',
  frt_business: 'Thời gian phản hồi đầu tiên (giờ làm việc)',
  response_time: 'Thời gian phản hồi trung bình',
  resolution_time: 'Thời gian giải quyết',
  aht_call: 'Thời gian xử lý cuộc gọi',
  aht_chat: 'Thời gian xử lý chat',
  fcr: 'Tỷ lệ giải quyết ngay lần đầu',
  abandoned_call: 'Tỷ lệ cuộc gọi bỏ dở',
  abandoned_chat: 'Tỷ lệ chat bỏ dở',
  sla_first_response: 'Tỷ lệ đạt SLA phản hồi',
  sla_resolution: 'Tỷ lệ đạt SLA giải quyết',
  reopen_rate: 'Tỷ lệ mở lại',
  volume: 'Số phiếu mới',
  backlog: 'Phiếu đang mở',
};

const CHANNELS_VI: Record<string, string> = { email: 'Email', webchat: 'Chat trên web', phone: 'Điện thoại', zalo: 'Zalo', messenger: 'Messenger', api: 'API', web: 'Biểu mẫu web' };
export const channelLabel = (channel: string) => CHANNELS_VI[channel] ?? channel;

const SCOPE_VI: Record<ScopeKind, string> = { workspace: 'toàn bộ', channel: 'kênh', team: 'bộ phận', agent: 'nhân viên' };
export const scopeText = (kind: ScopeKind, label: string) => (kind === 'workspace' ? `toàn bộ ${label}`.trim() : `${SCOPE_VI[kind]} ${label}`);

const TESTS_VI: Record<string, string> = {
  two_proportions: 'kiểm định z hai tỷ lệ',
  fisher_exact: 'kiểm định chính xác Fisher',
  mann_whitney: 'kiểm định Mann–Whitney U',
  nps_difference: 'kiểm định z chênh lệch NPS',
};
export const testName = (test: string) => TESTS_VI[test] ?? test;

const num = (v: number, digits = 1) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
export const viDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** "1 giờ 05 phút", "12 phút 30 giây", "45 giây". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} giờ ${String(m).padStart(2, '0')} phút`;
  if (m > 0) return sec ? `${m} phút ${sec} giây` : `${m} phút`;
  return `${sec} giây`;
}

/** A measure's value the way people read it (%, points, durations). */
export function formatValue(measure: MeasureKey, v: number | null): string {
  if (v === null) return '—';
  const unit = MEASURE_DEFS[measure].unit;
  if (unit === 'percent') return `${num(v)} %`;
  if (unit === 'seconds') return duration(v);
  return num(v);
}

/** "p < 0,0001" or "p = 0,0123". */
export function pText(p: number | null, name = 'p'): string {
  if (p === null) return `${name} = —`;
  return p < 0.0001 ? `${name} < 0,0001` : `${name} = ${num(p, 4)}`;
}

/** One sentence: what got worse, for whom, by how much, with the windows, sample sizes and the test. */
export function summaryVi(f: Finding, w: Windows): string {
  const better = MEASURE_DEFS[f.measure].better;
  const [verb, to] = better === 'higher' ? ['giảm', 'xuống'] : ['tăng', 'lên'];
  const median = f.recent.median != null && f.baseline.median != null ? ` (trung vị ${formatValue(f.measure, f.baseline.median)} → ${formatValue(f.measure, f.recent.median)})` : '';
  const stat = f.statistic === null ? '' : `, thống kê ${num(f.statistic, 2)}`;
  return (
    `${MEASURE_NAMES_VI[f.measure]} của ${scopeText(f.scope.kind, f.scope.label)} ${verb} từ ${formatValue(f.measure, f.baseline.value)} ` +
    `(n = ${f.baseline.n}, ${viDay(w.baseline.from)}–${viDay(w.baseline.to)}) ${to} ${formatValue(f.measure, f.recent.value)}` +
    ` (n = ${f.recent.n}, ${viDay(w.recent.from)}–${viDay(w.recent.to)})${median}; ${testName(f.test ?? '')}${stat}, ${pText(f.pValue)}` +
    ` (sau hiệu chỉnh cho nhiều phép thử: ${pText(f.adjustedP, 'p')}).` +
    (f.sameAs.length ? ` Cùng số liệu với ${f.sameAs.map((s) => scopeText(s.kind, s.label)).join(', ')}.` : '')
  );
}

export interface AlertMailItem {
  measure: MeasureKey;
  scopeKind: ScopeKind;
  scopeLabel: string;
  evidence: {
    test: string;
    recent: { from: string; to: string; value: number | null; n: number };
    baseline: { from: string; to: string; value: number | null; n: number };
    statistic: number | null;
    pValue: number | null;
    summary: string;
  };
}

/** The supervisors' email for one new alert: subject and plain-text body, Vietnamese. */
export function alertEmailVi(a: AlertMailItem, workspaceName: string, link: string): { subject: string; text: string } {
  const e = a.evidence;
  const subject = `[Cảnh báo] ${MEASURE_NAMES_VI[a.measure]} của ${scopeText(a.scopeKind, a.scopeLabel)} đang xấu đi`;
  const text = [
    `Xin chào,`,
    ``,
    `Hệ thống cảnh báo sớm của ${workspaceName} phát hiện chất lượng phục vụ giảm rõ rệt so với mức thường ngày:`,
    ``,
    e.summary,
    ``,
    `Bằng chứng:`,
    `- Chỉ số: ${MEASURE_NAMES_VI[a.measure]}`,
    `- Phạm vi: ${scopeText(a.scopeKind, a.scopeLabel)}`,
    `- Gần đây (${viDay(e.recent.from)}–${viDay(e.recent.to)}): ${formatValue(a.measure, e.recent.value)}, n = ${e.recent.n}`,
    `- Mức thường ngày (${viDay(e.baseline.from)}–${viDay(e.baseline.to)}): ${formatValue(a.measure, e.baseline.value)}, n = ${e.baseline.n}`,
    `- Kiểm định: ${testName(e.test)}${e.statistic === null ? '' : `, thống kê = ${num(e.statistic, 2)}`}, ${pText(e.pValue)}`,
    ``,
    `Xem và ghi nhận cảnh báo: ${link}`,
    ``,
    `— Tận Tâm`,
  ].join('\n');
  return { subject, text };
}
