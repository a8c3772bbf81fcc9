-- Chats and calls tell their facts as events (DESIGN rule 4): the web chat appends chat.started and
-- chat.ended (times, abandoned or not), the calls area call.ended (talk, wait, wrap-up seconds).
-- Metrics and surveys read those events, never webchat_conversations or calls.

-- A ticket's chats and calls (metrics refreshes them with their ticket; surveys ask whether a ticket
-- had a chat and how its latest one went).
CREATE INDEX events_chat_call_ticket_idx ON events (workspace_id, (data->>'ticketId'), id) WHERE subject_type IN ('call', 'chat');

-- Chats and calls that ended before their events carried these facts: their facts as events now, so
-- that `metrics rebuild` (which reads the events) keeps counting them. Ordered by time, so the latest
-- event of a ticket's chats is that of its latest chat.
INSERT INTO events (workspace_id, type, subject_type, subject_id, actor_type, data, created_at)
SELECT workspace_id, type, 'chat', id, 'system', data, at FROM (
  SELECT c.workspace_id, 'chat.started' AS type, c.id, c.started_at AS at, 0 AS step,
         jsonb_build_object('ticketId', c.ticket_id, 'channel', 'webchat', 'accountId', c.account_id,
           'startedAt', to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS data
  FROM webchat_conversations c
  UNION ALL
  SELECT c.workspace_id, 'chat.ended', c.id, c.ended_at, 1,
         jsonb_build_object('ticketId', c.ticket_id, 'channel', 'webchat', 'status', c.status, 'reason', coalesce(c.end_reason, 'resolved'),
           'startedAt', to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'agentJoinedAt', to_char(c.first_agent_reply_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'endedAt', to_char(c.ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'waitSeconds', greatest(0, round(extract(epoch FROM coalesce(c.first_agent_reply_at, c.ended_at) - c.started_at)))::int)
  FROM webchat_conversations c WHERE c.status IN ('ended', 'abandoned') AND c.ended_at IS NOT NULL
) x ORDER BY at, step;

INSERT INTO events (workspace_id, type, subject_type, subject_id, actor_type, data, created_at)
SELECT c.workspace_id, 'call.ended', 'call', c.id, 'system',
       jsonb_build_object('ticketId', c.ticket_id, 'messageId', c.message_id, 'channel', 'phone', 'direction', c.direction, 'status', c.status,
         'startedAt', to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'answeredAt', to_char(c.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'endedAt', to_char(c.ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'waitSeconds', c.wait_seconds, 'talkSeconds', c.talk_seconds, 'wrapUpSeconds', c.wrap_up_seconds,
         'abandoned', c.abandoned, 'agentUserId', c.agent_user_id),
       coalesce(c.ended_at, c.started_at)
FROM calls c WHERE c.status IN ('ended', 'missed')
ORDER BY coalesce(c.ended_at, c.started_at);
