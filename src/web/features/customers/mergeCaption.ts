import i18n from 'i18next';

/** "merged_in:Nguyễn Văn A (undone)" (the timeline's machine-readable merge title) → its parts. */
export function parseMergeTitle(title: string | null) {
  const undone = !!title?.endsWith(' (undone)');
  const raw = (title ?? '').replace(/ \(undone\)$/, '');
  const [dir, ...rest] = raw.split(':');
  return { into: dir === 'merged_into', name: rest.join(':'), undone };
}

/** "Gộp hồ sơ Nguyễn Văn A vào hồ sơ này" — the caption of a profile merge in a customer's timeline. */
export function mergeTimelineCaption(title: string | null): string {
  const m = parseMergeTitle(title);
  const t = (k: string) => i18n.t(k, { ns: 'customers', name: m.name });
  return m.undone ? t('timeline.mergeUndone') : m.into ? `→ ${m.name}` : t('timeline.merge');
}
