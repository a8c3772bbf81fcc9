-- Built-in surveys for workspaces created before createWorkspace made them (until then the first
-- GET /api/survey-templates wrote them). The rows are DEFAULT_TEMPLATES of
-- areas/surveys/commands/default-templates.ts as they stand in this release; a workspace that already
-- has a built-in template of a type keeps it (same conflict rule as ensureDefaultTemplates).
INSERT INTO survey_templates (id, workspace_id, type, name, questions, triggers, low_score_threshold, is_default)
SELECT gen_random_uuid(), w.id, d.type, d.name, d.questions, d.triggers, d.low_score_threshold, true
FROM workspaces w
CROSS JOIN (VALUES
  ('csat', 'Mức độ hài lòng (CSAT)',
   '[{"id":"score","kind":"csat","required":true,"text":{"vi":"Anh/chị hài lòng thế nào với sự hỗ trợ vừa rồi?","en":"How satisfied are you with the help you received?"}},{"id":"comment","kind":"text","text":{"vi":"Anh/chị có góp ý gì thêm không?","en":"Anything you would like to add?"},"required":false}]'::jsonb,
   '{"on":["ticket_resolved","chat_ended"],"delayMinutes":30,"throttleDays":7}'::jsonb, 2),
  ('nps', 'Khả năng giới thiệu (NPS)',
   '[{"id":"score","kind":"nps","required":true,"text":{"vi":"Anh/chị có sẵn lòng giới thiệu chúng tôi cho bạn bè, người thân không? (0–10)","en":"How likely are you to recommend us to a friend or colleague? (0–10)"}},{"id":"comment","kind":"text","text":{"vi":"Vì sao anh/chị chọn điểm này?","en":"Why did you choose this score?"},"required":false}]'::jsonb,
   '{"on":[],"delayMinutes":0,"throttleDays":90}'::jsonb, 6),
  ('ces', 'Mức độ dễ dàng (CES)',
   '[{"id":"score","kind":"ces","required":true,"text":{"vi":"Việc giải quyết vấn đề của anh/chị dễ dàng đến mức nào? (1 = rất khó, 7 = rất dễ)","en":"How easy was it to get your issue handled? (1 = very hard, 7 = very easy)"}},{"id":"comment","kind":"text","text":{"vi":"Điều gì có thể làm dễ dàng hơn?","en":"What could have made it easier?"},"required":false}]'::jsonb,
   '{"on":["call_ended"],"delayMinutes":15,"throttleDays":30}'::jsonb, 3)
) AS d (type, name, questions, triggers, low_score_threshold)
ON CONFLICT (workspace_id, type) WHERE is_default DO NOTHING;
