/**
 * The sources of a customer's single timeline. Each returns, newest first, at most $5 rows of the
 * customer ($2) in the workspace ($1) strictly older than the cursor ($3 = at, $4 = id), with exactly
 * these columns: id text ("<kind>:<uuid>", unique across sources), kind, at timestamptz, ticket_id,
 * ticket_number, channel, direction, title, body, actor_name, actor_kind. Each branch uses its own per-customer
 * index and limit, so the UNION stays cheap however large the workspace. Orders, surveys and calls
 * join the timeline by adding a source here.
 */
export interface TimelineSource {
  kind: string;
  sql: string;
}

/** One row of any source: the columns listed above. */
export interface TimelineRow {
  id: string;
  kind: string;
  at: Date;
  ticket_id: string | null;
  ticket_number: number | null;
  channel: string | null;
  direction: string | null;
  title: string | null;
  body: string | null;
  actor_name: string | null;
  /** 'automation' or 'ai' when a workflow or the AI wrote it (actor_name: the workflow's name). */
  actor_kind: string | null;
}

/** "(at, id) < cursor" written so the (customer_id, created_at) indexes can range-scan on `at`. */
const older = (at: string, id: string) => `${at} <= $3 AND (${at} < $3 OR ${id} < $4)`;

export const timelineSources: TimelineSource[] = [
  {
    kind: 'ticket_opened',
    sql: `SELECT 'ticket_opened:' || t.id AS id, 'ticket_opened' AS kind, t.created_at AS at, t.id AS ticket_id,
            t.number AS ticket_number, t.channel, NULL::text AS direction, t.subject AS title, NULL::text AS body, NULL::text AS actor_name, NULL::text AS actor_kind
          FROM tickets t
          WHERE t.workspace_id = $1 AND t.customer_id = $2 AND ${older('t.created_at', `'ticket_opened:' || t.id`)}
          ORDER BY t.created_at DESC, t.id DESC LIMIT $5`,
  },
  {
    kind: 'message',
    sql: `SELECT 'message:' || m.id AS id, 'message' AS kind, m.created_at AS at, m.ticket_id,
            t.number AS ticket_number, m.channel, m.direction, t.subject AS title, left(m.body, 2000) AS body, coalesce(u.name, ev.actor_label) AS actor_name, ev.actor_type AS actor_kind
          FROM messages m
          JOIN tickets t ON t.id = m.ticket_id
          LEFT JOIN users u ON u.id = m.author_user_id
          -- Written by a workflow or the AI: the message's own event says which (events_subject_idx).
          LEFT JOIN LATERAL (SELECT e.actor_type, e.actor_label FROM events e
                              WHERE m.author_user_id IS NULL AND m.direction <> 'inbound' AND e.workspace_id = m.workspace_id AND e.subject_type = 'message'
                                AND e.subject_id = m.id AND e.actor_type IN ('automation', 'ai') ORDER BY e.id LIMIT 1) ev ON true
          WHERE m.workspace_id = $1 AND m.customer_id = $2 AND ${older('m.created_at', `'message:' || m.id`)}
            AND NOT (m.meta ? 'call') -- a call's thread entry shows once, as the 'call' source below
            AND NOT (m.meta ? 'orderNotice') -- an order notice shows once, as the 'notice' source below
          ORDER BY m.created_at DESC, m.id DESC LIMIT $5`,
  },
  {
    kind: 'note',
    sql: `SELECT 'note:' || n.id AS id, 'note' AS kind, n.created_at AS at, NULL::uuid AS ticket_id,
            NULL::int AS ticket_number, NULL::text AS channel, NULL::text AS direction, NULL::text AS title, left(n.body, 2000) AS body, u.name AS actor_name, NULL::text AS actor_kind
          FROM customer_notes n
          LEFT JOIN users u ON u.id = n.author_id
          WHERE n.workspace_id = $1 AND n.customer_id = $2 AND ${older('n.created_at', `'note:' || n.id`)}
          ORDER BY n.created_at DESC, n.id DESC LIMIT $5`,
  },
  {
    kind: 'merge',
    sql: `SELECT 'merge:' || g.id AS id, 'merge' AS kind, g.created_at AS at, NULL::uuid AS ticket_id,
            NULL::int AS ticket_number, NULL::text AS channel, NULL::text AS direction,
            CASE WHEN g.target_id = $2 THEN 'merged_in:' || coalesce(nullif(s.name, ''), s.id::text)
                 ELSE 'merged_into:' || coalesce(nullif(tg.name, ''), tg.id::text) END
              || CASE WHEN g.undone_at IS NOT NULL THEN ' (undone)' ELSE '' END AS title,
            g.reason AS body, u.name AS actor_name, NULL::text AS actor_kind
          FROM customer_merges g
          JOIN customers s ON s.id = g.source_id
          JOIN customers tg ON tg.id = g.target_id
          LEFT JOIN users u ON u.id = g.merged_by
          WHERE g.workspace_id = $1 AND (g.target_id = $2 OR g.source_id = $2) AND ${older('g.created_at', `'merge:' || g.id`)}
          ORDER BY g.created_at DESC, g.id DESC LIMIT $5`,
  },
  {
    // Phone calls (channels/phone): their thread entries (meta.call), read through the messages so
    // customer merges carry them along. title = "<direction>:<status>:<talk seconds>", body = the summary.
    kind: 'call',
    sql: `SELECT 'call:' || m.id AS id, 'call' AS kind, m.created_at AS at, m.ticket_id,
            t.number AS ticket_number, m.channel, m.meta->'call'->>'direction' AS direction,
            concat_ws(':', m.meta->'call'->>'direction', m.meta->'call'->>'status', coalesce(m.meta->'call'->>'talkSeconds', '0')) AS title,
            left(m.body, 2000) AS body, coalesce(u.name, m.meta->'call'->>'agentName') AS actor_name, NULL::text AS actor_kind
          FROM messages m
          JOIN tickets t ON t.id = m.ticket_id
          LEFT JOIN users u ON u.id = m.author_user_id
          WHERE m.workspace_id = $1 AND m.customer_id = $2 AND m.meta ? 'call' AND ${older('m.created_at', `'call:' || m.id`)}
          ORDER BY m.created_at DESC, m.id DESC LIMIT $5`,
  },
  {
    // Survey answers (surveys/answer): title = "<type>:<score>:<scale top>" (score empty when none),
    // body = the comment. Answers keep the profile they were given under, so a profile merged into
    // this one brings its answers along.
    kind: 'survey',
    sql: `SELECT 'survey:' || a.id AS id, 'survey' AS kind, a.answered_at AS at, a.ticket_id,
            t.number AS ticket_number, a.channel, NULL::text AS direction,
            concat_ws(':', a.type, coalesce(a.score::text, ''),
              CASE a.type WHEN 'csat' THEN '5' WHEN 'nps' THEN '10' WHEN 'ces' THEN '7' ELSE '' END) AS title,
            left(a.comment, 2000) AS body, NULL::text AS actor_name, NULL::text AS actor_kind
          FROM survey_answers a
          LEFT JOIN tickets t ON t.id = a.ticket_id
          WHERE a.workspace_id = $1
            AND a.customer_id IN (SELECT id FROM customers WHERE workspace_id = $1 AND (id = $2 OR merged_into_id = $2))
            AND ${older('a.answered_at', `'survey:' || a.id`)}
          ORDER BY a.answered_at DESC, a.id DESC LIMIT $5`,
  },
  {
    // Order status changes (issue 12), read from the orders' own tables like the sources above:
    // title = "<status>:<order code>", channel = the order's source. Orders of a profile merged into
    // this one come along.
    kind: 'order',
    sql: `SELECT 'order:' || s.id AS id, 'order' AS kind, s.at, NULL::uuid AS ticket_id,
            NULL::int AS ticket_number, o.source AS channel, NULL::text AS direction,
            s.status || ':' || o.code AS title, NULL::text AS body, NULL::text AS actor_name, NULL::text AS actor_kind
          FROM order_status_changes s
          JOIN orders o ON o.id = s.order_id
          WHERE o.workspace_id = $1 AND s.workspace_id = $1
            AND o.customer_id IN (SELECT id FROM customers WHERE workspace_id = $1 AND (id = $2 OR merged_into_id = $2))
            AND ${older('s.at', `'order:' || s.id`)}
          ORDER BY s.at DESC, s.id DESC LIMIT $5`,
  },
  {
    // Order notices (notices area): sent, waiting for quiet hours to end, or skipped. title =
    // "<shown state>:<order status>:<skip reason or failure>:<order code>", the shown state being the
    // notice's own until sent, then its message's delivery status (the outbox's, not a copy).
    kind: 'notice',
    sql: `SELECT 'notice:' || n.id AS id, 'notice' AS kind, n.created_at AS at, n.ticket_id,
            t.number AS ticket_number, n.channel, 'outbound'::text AS direction,
            concat_ws(':', CASE WHEN n.state = 'sent' THEN coalesce(m.delivery_status, 'sent') ELSE n.state END, n.status,
              coalesce(n.reason, CASE WHEN m.delivery_status = 'failed' THEN m.delivery_failure END, ''), o.code) AS title,
            left(n.body, 2000) AS body, NULL::text AS actor_name, NULL::text AS actor_kind
          FROM order_notices n
          JOIN orders o ON o.id = n.order_id
          LEFT JOIN tickets t ON t.id = n.ticket_id
          LEFT JOIN messages m ON m.id = n.message_id
          WHERE n.workspace_id = $1
            AND n.customer_id IN (SELECT id FROM customers WHERE workspace_id = $1 AND (id = $2 OR merged_into_id = $2))
            AND ${older('n.created_at', `'notice:' || n.id`)}
          ORDER BY n.created_at DESC, n.id DESC LIMIT $5`,
  },
];
