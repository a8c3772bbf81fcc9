import { PermanentDeliveryError } from '../../../../core/channels/delivery-failure.js';
import type { OutboundRequest } from '../../../../core/channels/types.js';
import { renderTemplate } from '../../../../core/lib/template.js';
import { zaloRequest, zaloUrl } from '../outbound-http.js';
import type { ZnsPurpose, ZnsTemplateMapping } from './config.js';

/**
 * ZNS takes Vietnamese numbers as "84…" digits (no "+", no leading 0). Our phone identities are E.164
 * (core/lib/phone.ts), so "+84912345678" → "84912345678"; other countries cannot receive ZNS.
 */
export function znsPhone(identities: { kind: string; value: string }[]): string | undefined {
  for (const i of identities) {
    if (i.kind !== 'phone') continue;
    const digits = i.value.replace(/\D/g, '');
    if (i.value.startsWith('+84') || digits.startsWith('84')) return digits;
    if (digits.startsWith('0') && digits.length >= 10) return `84${digits.slice(1)}`;
  }
  return undefined;
}

/** The values a mapping's parameters may use, from the message being sent (its meta tells survey/order details). */
export function znsValues(req: OutboundRequest, oaName?: string): Record<string, string> {
  const meta = req.message.meta;
  const survey = (meta.survey ?? {}) as { url?: string };
  const order = (meta.order ?? {}) as { number?: unknown; status?: unknown };
  const phone = req.customer.identities.find((i) => i.kind === 'phone')?.value ?? '';
  return {
    'customer.name': req.customer.name,
    'customer.phone': phone,
    'ticket.number': String(req.ticket.number),
    'ticket.subject': req.ticket.subject,
    'survey.url': survey.url ?? '',
    'order.number': order.number === undefined ? '' : String(order.number),
    'order.status': order.status === undefined ? '' : String(order.status),
    'message.body': req.message.body,
    'oa.name': oaName ?? '',
  };
}

/** template_data for a mapping: each parameter's text with its variables filled (unknown ones refused). */
export function znsTemplateData(mapping: ZnsTemplateMapping, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [param, text] of Object.entries(mapping.params)) {
    const r = renderTemplate(text, values);
    if (r.unknownVariables.length > 0) {
      throw new PermanentDeliveryError('account_not_configured', `The ZNS mapping of parameter "${param}" uses unknown variables: ${r.unknownVariables.join(', ')}`);
    }
    out[param] = r.text;
  }
  return out;
}

export interface ZnsSendResult {
  msgId: string;
  trackingId: string;
}

/**
 * Sends one approved template to a phone number: POST {ZALO_ZNS_BASE}/message/template
 * `{ phone: "84…", template_id, template_data, tracking_id }` (header access_token). tracking_id is our
 * message id, so Zalo's delivery event (`user_received_message` carrying msg_id and tracking_id) and a
 * retry can both be matched to the message.
 */
export async function sendZnsTemplate(
  znsBase: string,
  token: string,
  m: { phone: string; templateId: string; templateData: Record<string, string>; trackingId: string },
): Promise<ZnsSendResult> {
  const data = await zaloRequest<{ msg_id?: string | number; message_id?: string | number }>('zns', zaloUrl(znsBase, '/message/template'), token, {
    method: 'POST',
    json: { phone: m.phone, template_id: m.templateId, template_data: m.templateData, tracking_id: m.trackingId },
  });
  const msgId = data.msg_id ?? data.message_id;
  if (msgId === undefined) throw new Error('ZNS answered without msg_id');
  return { msgId: String(msgId), trackingId: m.trackingId };
}

/** Why a message cannot go by ZNS (before any call): no template for its purpose, or no Vietnamese phone. */
export function znsUnavailable(purpose: ZnsPurpose | undefined, mapping: ZnsTemplateMapping | undefined, phone: string | undefined): string | undefined {
  if (!purpose) return 'it is an ordinary reply (ZNS only carries surveys, order notices and reminders)';
  if (!mapping) return `no ZNS template is mapped for "${purpose}" in the Zalo account's settings`;
  if (!phone) return 'the customer has no Vietnamese phone number for ZNS';
  return undefined;
}
