import { zaloRequest, zaloUrl } from '../outbound-http.js';

/** One template of the OA's ZNS account, as GET /template/all lists it. */
export interface ZnsTemplateSummary {
  templateId: string;
  templateName: string;
  status: string;
  templateQuality?: string;
}

/** One parameter of a template (template/info/v2 `listParams`). */
export interface ZnsTemplateParam {
  name: string;
  require: boolean;
  type: string;
  maxLength?: number;
  minLength?: number;
  acceptNull?: boolean;
}

export interface ZnsTemplateInfo extends ZnsTemplateSummary {
  params: ZnsTemplateParam[];
  previewUrl?: string;
  templateTag?: string;
}

interface RawSummary {
  templateId: number | string;
  templateName: string;
  status: string;
  templateQuality?: string;
}

/**
 * The OA's templates: GET {ZALO_ZNS_BASE}/template/all?offset&limit&status (header access_token;
 * status 1 = ENABLE, only approved ones can be sent), up to 100 a page.
 */
export async function listZnsTemplates(znsBase: string, token: string, opts: { offset?: number; limit?: number; onlyEnabled?: boolean } = {}): Promise<ZnsTemplateSummary[]> {
  const q = new URLSearchParams({ offset: String(opts.offset ?? 0), limit: String(opts.limit ?? 100) });
  if (opts.onlyEnabled ?? true) q.set('status', '1');
  const data = await zaloRequest<RawSummary[]>('zns', zaloUrl(znsBase, `/template/all?${q}`), token, { method: 'GET' });
  return (Array.isArray(data) ? data : []).map((t) => ({ templateId: String(t.templateId), templateName: t.templateName, status: t.status, templateQuality: t.templateQuality }));
}

/**
 * One template with its parameters: GET {ZALO_ZNS_BASE}/template/info/v2?template_id= (the path without
 * /v2 is refused by Zalo). `listParams` names what template_data must carry when sending.
 */
export async function znsTemplateInfo(znsBase: string, token: string, templateId: string): Promise<ZnsTemplateInfo> {
  const d = await zaloRequest<RawSummary & { listParams?: ZnsTemplateParam[]; previewUrl?: string; templateTag?: string }>(
    'zns',
    zaloUrl(znsBase, `/template/info/v2?${new URLSearchParams({ template_id: templateId })}`),
    token,
    { method: 'GET' },
  );
  return {
    templateId: String(d.templateId ?? templateId),
    templateName: d.templateName,
    status: d.status,
    templateQuality: d.templateQuality,
    previewUrl: d.previewUrl,
    templateTag: d.templateTag,
    params: (d.listParams ?? []).map((p) => ({ name: p.name, require: Boolean(p.require), type: p.type, maxLength: p.maxLength, minLength: p.minLength, acceptNull: p.acceptNull })),
  };
}
