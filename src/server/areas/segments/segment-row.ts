import type { Segment, SegmentGroup } from '../../../shared/segments.js';

export interface SegmentRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  rule: SegmentGroup | string;
  last_count: number | null;
  last_counted_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A stored segment as the API shows it (rule as stored: it was validated before it was saved). */
export function presentSegment(r: SegmentRow): Segment {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    rule: typeof r.rule === 'string' ? (JSON.parse(r.rule) as SegmentGroup) : r.rule,
    lastCount: r.last_count,
    lastCountedAt: iso(r.last_counted_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}
