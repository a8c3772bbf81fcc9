import type { WorkflowActionType } from '../../../../shared/workflow-actions.js';
import type { TemplateLang, WorkflowTemplate } from '../../../../shared/workflow-templates.js';
import type { TriggerType, WorkflowEdge, WorkflowGraph, WorkflowNode } from '../../../../shared/workflows.js';

/** A text in both languages; a template's graph is built in the one asked for. */
type T = Record<TemplateLang, string>;

interface TemplateDef {
  id: string;
  name: T;
  description: T;
  /** Node ids whose settings the workspace must fill in (a team to pick). */
  needsSetup?: string[];
  graph(lang: TemplateLang): WorkflowGraph;
}

const ROW = 140;
const COL = 300;

/** A node at a grid cell (row down, column across), for a readable first layout on the canvas. */
function node(id: string, kind: WorkflowNode['kind'], type: string, config: Record<string, unknown>, row: number, col = 0, label?: string): WorkflowNode {
  return { id, kind, type, config, position: { x: col * COL, y: row * ROW }, ...(label ? { label } : {}) };
}
const trigger = (type: TriggerType, config: Record<string, unknown>, label?: string) => node('trigger', 'trigger', type, config, 0, 0, label);
const action = (id: string, type: WorkflowActionType, config: Record<string, unknown>, row: number, col = 0, label?: string) => node(id, 'action', type, config, row, col, label);
function edge(source: string, target: string, handle = 'out'): WorkflowEdge {
  return { id: `${source}-${handle}-${target}`, source, target, handle };
}
/** Edges along a chain of nodes by their default handle. */
const chain = (...ids: string[]) => ids.slice(1).map((id, i) => edge(ids[i], id));

/**
 * The templates the issue names (seeds sell them: "không cần lập trình, chỉ cần kéo - thả"). Each is an
 * ordinary graph of the engine's trigger, condition, wait and action types, validated like any draft
 * (templates.test.ts): a workspace starts from one, edits it, publishes it.
 */
export const TEMPLATE_DEFS: TemplateDef[] = [
  {
    id: 'csat_low_follow_up',
    name: { vi: 'CSAT thấp → tạo phiếu theo dõi cho trưởng nhóm', en: 'Low CSAT → follow-up task for the team lead' },
    description: {
      vi: 'Khi khách chấm CSAT 1–2 sao, tạo một phiếu theo dõi ưu tiên cao giao cho trưởng nhóm và báo cho họ trong ứng dụng và qua email.',
      en: 'When a customer rates CSAT 1–2, open a high-priority follow-up task for the team lead and tell them in the app and by email.',
    },
    graph: (lang) => ({
      nodes: [
        trigger('survey.answered', { surveyTypes: ['csat'], maxScore: 2 }),
        action('follow_up', 'create_ticket', {
          kind: 'follow_up',
          subject: { vi: 'Khách {{customer.name}} chấm CSAT thấp — gọi lại hỏi thăm', en: '{{customer.name}} gave a low CSAT — call back' }[lang],
          priority: 'high',
          assignTo: 'team_lead',
          tags: ['csat-thap'],
          note: { vi: 'Gọi cho khách trong hôm nay, ghi lại nguyên nhân và cách xử lý.', en: 'Call the customer today; note the cause and what was done.' }[lang],
        }, 1),
        action('tell_lead', 'notify', {
          to: 'team_lead',
          message: { vi: 'Khách {{customer.name}} vừa chấm CSAT thấp: đã tạo phiếu theo dõi cho bạn.', en: '{{customer.name}} just gave a low CSAT: a follow-up task is yours.' }[lang],
          email: true,
        }, 2),
      ],
      edges: chain('trigger', 'follow_up', 'tell_lead'),
    }),
  },
  {
    id: 'birthday_greeting',
    name: { vi: 'Sinh nhật → gửi lời chúc qua kênh khách ưa thích', en: 'Birthday → greetings on the customer’s preferred channel' },
    description: {
      vi: '9 giờ sáng ngày sinh nhật của khách (theo múi giờ của cửa hàng), gửi lời chúc qua kênh khách ưa thích; kênh đó đóng thì gửi qua kênh khác liên lạc được.',
      en: 'At 9:00 on the customer’s birthday (the workspace’s time zone), send greetings on their preferred channel, or another channel that can reach them.',
    },
    graph: (lang) => ({
      nodes: [
        trigger('date.birthday', { daysBefore: 0, at: '09:00' }),
        action('greet', 'send_message', {
          channel: 'preferred',
          fallback: 'any',
          body: {
            vi: 'Chúc mừng sinh nhật {{customer.salutation}}! {{workspace.name}} chúc {{customer.pronoun}} một tuổi mới thật nhiều sức khoẻ và niềm vui.',
            en: 'Happy birthday, {{customer.first_name}}! Everyone at {{workspace.name}} wishes you a wonderful year ahead.',
          }[lang],
        }, 1),
      ],
      edges: chain('trigger', 'greet'),
    }),
  },
  {
    id: 'after_delivery_csat',
    name: { vi: 'Giao hàng xong 3 ngày → gửi khảo sát CSAT', en: '3 days after delivery → CSAT survey' },
    description: {
      vi: 'Ba ngày sau khi đơn hàng giao xong, gửi khảo sát CSAT cho khách qua kênh liên lạc được (giới hạn gửi của khảo sát vẫn áp dụng).',
      en: 'Three days after an order is delivered, send the customer a CSAT survey on a channel that reaches them (the survey’s throttle still applies).',
    },
    graph: () => ({
      nodes: [trigger('date.after_delivery', { days: 3, at: '10:00' }), action('survey', 'send_survey', { surveyType: 'csat' }, 1)],
      edges: chain('trigger', 'survey'),
    }),
  },
  {
    id: 'sla_escalation',
    name: { vi: 'SLA sắp trễ → báo trưởng nhóm và nâng mức ưu tiên', en: 'SLA at risk → tell the team lead and raise the priority' },
    description: {
      vi: '30 phút trước hạn phản hồi hoặc hạn xử lý, báo trưởng nhóm (trong ứng dụng và qua email) và nâng mức ưu tiên của phiếu lên một bậc.',
      en: '30 minutes before a first-response or resolution target, tell the team lead (in the app and by email) and raise the ticket’s priority one step.',
    },
    graph: (lang) => ({
      nodes: [
        trigger('sla.at_risk', { target: 'any', minutesBefore: 30 }),
        action('tell_lead', 'notify', {
          to: 'team_lead',
          message: { vi: 'Phiếu #{{ticket.number}} “{{ticket.subject}}” sắp trễ hạn SLA.', en: 'Ticket #{{ticket.number}} “{{ticket.subject}}” is about to miss its SLA.' }[lang],
          email: true,
          about: 'sla',
        }, 1),
        action('raise', 'set_priority', { priority: 'raise' }, 2),
      ],
      edges: chain('trigger', 'tell_lead', 'raise'),
    }),
  },
  {
    id: 'vip_message',
    name: { vi: 'Khách VIP nhắn tin → ưu tiên cao, chuyển nhóm VIP', en: 'VIP customer writes → high priority, VIP team' },
    description: {
      vi: 'Khi khách có thẻ “vip” nhắn tin, đặt phiếu ở mức ưu tiên cao và chuyển cho nhóm VIP (chọn nhóm trước khi bật).',
      en: 'When a customer tagged “vip” writes, set the ticket to high priority and route it to the VIP team (pick the team before turning it on).',
    },
    needsSetup: ['to_vip_team'],
    graph: () => ({
      nodes: [
        trigger('message.received', {}),
        node('is_vip', 'condition', 'if', { when: { match: 'all', rules: [{ field: 'customer.tags', op: 'contains', value: 'vip' }] } }, 1),
        action('high', 'set_priority', { priority: 'high' }, 2),
        action('to_vip_team', 'assign', { mode: 'team' }, 3),
      ],
      edges: [edge('trigger', 'is_vip'), edge('is_vip', 'high', 'true'), edge('high', 'to_vip_team')],
    }),
  },
  {
    id: 'warranty_reminder',
    name: { vi: 'Bảo hành sắp hết → nhắc khách', en: 'Warranty ending → remind the customer' },
    description: {
      vi: '7 ngày trước khi hết bảo hành một sản phẩm, nhắc khách mang sản phẩm đi kiểm tra miễn phí.',
      en: '7 days before a product’s warranty ends, remind the customer to bring it in for a free check.',
    },
    graph: (lang) => ({
      nodes: [
        trigger('date.warranty_end', { daysBefore: 7, at: '09:00' }),
        action('remind', 'send_message', {
          fallback: 'any',
          body: {
            vi: 'Chào {{customer.salutation}}, sản phẩm {{customer.pronoun}} mua tại {{workspace.name}} sắp hết hạn bảo hành. Mời {{customer.pronoun}} ghé cửa hàng để được kiểm tra miễn phí trước khi hết hạn nhé!',
            en: 'Hi {{customer.first_name}}, the warranty on your product from {{workspace.name}} ends soon. Drop by for a free check before it does!',
          }[lang],
        }, 1),
      ],
      edges: chain('trigger', 'remind'),
    }),
  },
  {
    id: 'silent_customer_close',
    name: { vi: 'Khách im lặng 2 ngày sau khi mình trả lời → nhắc và tự đóng phiếu', en: 'No answer 2 days after our reply → remind, then resolve' },
    description: {
      vi: 'Sau khi nhân viên trả lời, nếu khách không phản hồi trong 2 ngày thì nhắc khách; thêm 1 ngày nữa vẫn im lặng thì tự đánh dấu phiếu đã xử lý. Khách trả lời lúc nào thì quy trình dừng.',
      en: 'After an agent replies, remind the customer if they have not answered in 2 days; one more silent day and the ticket is resolved. An answer at any point stops it.',
    },
    graph: (lang) => ({
      nodes: [
        trigger('ticket.updated', { field: 'status', to: 'responded' }),
        action('waiting', 'add_tag', { target: 'ticket', tag: 'cho-khach' }, 1),
        node('wait1', 'wait', 'wait.until', { event: 'customer.replied', atMost: { amount: 2, unit: 'days' } }, 2),
        action('remind', 'send_message', {
          fallback: 'any',
          body: {
            vi: 'Chào {{customer.salutation}}, {{workspace.name}} chưa nhận được phản hồi của {{customer.pronoun}} về phiếu #{{ticket.number}}. Không biết {{customer.pronoun}} có cần hỗ trợ thêm gì không ạ?',
            en: 'Hi {{customer.first_name}}, we have not heard back from you about ticket #{{ticket.number}}. Is there anything else we can help with?',
          }[lang],
        }, 3),
        node('wait2', 'wait', 'wait.until', { event: 'customer.replied', atMost: { amount: 1, unit: 'days' } }, 4),
        action('resolve', 'set_status', { status: 'resolved' }, 5),
        action('answered', 'remove_tag', { target: 'ticket', tag: 'cho-khach' }, 3, 1),
      ],
      edges: [
        ...chain('trigger', 'waiting', 'wait1'),
        edge('wait1', 'remind', 'timeout'),
        edge('wait1', 'answered', 'done'),
        edge('remind', 'wait2'),
        edge('wait2', 'resolve', 'timeout'),
        edge('wait2', 'answered', 'done'),
      ],
    }),
  },
  {
    id: 'missed_call_callback',
    name: { vi: 'Cuộc gọi nhỡ → phiếu gọi lại', en: 'Missed call → call-back task' },
    description: {
      vi: 'Khi có cuộc gọi nhỡ, tạo phiếu gọi lại ưu tiên cao cho khách (gắn thẻ “goi-lai”) để nhân viên gọi lại sớm.',
      en: 'When a call is missed, open a high-priority call-back task for the customer (tagged “goi-lai”) so an agent calls back soon.',
    },
    graph: (lang) => ({
      nodes: [
        trigger('call.missed', {}),
        action('call_back', 'create_ticket', {
          kind: 'follow_up',
          subject: { vi: 'Gọi lại cho {{customer.name}} — cuộc gọi nhỡ', en: 'Call {{customer.name}} back — missed call' }[lang],
          priority: 'high',
          assignTo: 'nobody',
          tags: ['goi-lai'],
        }, 1),
      ],
      edges: chain('trigger', 'call_back'),
    }),
  },
  {
    id: 'after_delivery_usage_guide',
    name: { vi: 'Giao hàng xong N ngày → gửi hướng dẫn sử dụng', en: 'N days after delivery → send the usage guide' },
    description: {
      vi: 'Hai ngày sau khi đơn hàng giao xong, gửi cho khách bài hướng dẫn sử dụng của sản phẩm trong đơn (bài viết trong kho kiến thức có thẻ là mã SKU, tên sản phẩm hoặc thuộc danh mục trùng tên sản phẩm), qua kênh của khách hoặc kênh dự phòng. Đổi số ngày ở điều kiện kích hoạt.',
      en: 'Two days after an order is delivered, send the customer the usage guide of its products (knowledge-base articles tagged with the SKU or the product’s name, or filed under a category named in it), on their channel or a fallback. Change the number of days on the trigger.',
    },
    graph: () => ({
      nodes: [trigger('date.after_delivery', { days: 2, at: '10:00' }), action('guide', 'send_usage_guide', { maxArticles: 2, fallback: 'any' }, 1)],
      edges: chain('trigger', 'guide'),
    }),
  },
];

/** The templates in one language. */
export function workflowTemplates(lang: TemplateLang): WorkflowTemplate[] {
  return TEMPLATE_DEFS.map((d) => templateIn(d, lang));
}

function templateIn(d: TemplateDef, lang: TemplateLang): WorkflowTemplate {
  const graph = d.graph(lang);
  const trig = graph.nodes.find((n) => n.kind === 'trigger');
  return { id: d.id, name: d.name[lang], description: d.description[lang], triggerType: trig?.type ?? '', needsSetup: d.needsSetup ?? [], graph };
}

/** One template in a language (POST /api/workflows with templateId starts from it), or undefined. */
export function workflowTemplate(id: string, lang: TemplateLang = 'vi'): WorkflowTemplate | undefined {
  const d = TEMPLATE_DEFS.find((x) => x.id === id);
  return d && templateIn(d, lang);
}
