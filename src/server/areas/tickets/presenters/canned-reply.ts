/** A canned reply as the API shows it. */
export function presentCannedReply(row: Record<string, any>) {
  return {
    id: row.id as string,
    shortcut: row.shortcut as string,
    title: row.title as string,
    body: row.body as string,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
