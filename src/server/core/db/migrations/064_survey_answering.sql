-- Survey answering: the answers list (GET /api/survey-answers, newest first across types) pages
-- through the workspace's answers by (answered_at, id) without sorting them all.
CREATE INDEX survey_answers_ws_answered_idx ON survey_answers (workspace_id, answered_at DESC, id DESC);
