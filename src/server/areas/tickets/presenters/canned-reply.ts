/** A canned_replies row as read from the database. */
export interface CannedReplyRow {
  id: string;
  workspace_id: string;
  shortcut: string;
  title: string;
  body: string;
  created_at: Date;
}

/** A canned reply as the API shows it. */
export function presentCannedReply(row: CannedReplyRow) {
  return {
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
