import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';

/**
 * The branding of /api/docs (OpenAPI from the routes' zod schemas, shown by @fastify/swagger-ui): our
 * name, colour and logo, and a Vietnamese introduction that says how to authenticate with an API token,
 * what errors look like and where the limits are — what an integrator needs before the first call.
 */

const BRAND = '#009e8b';
const BRAND_DARK = '#008977';

export const API_DOCS_DESCRIPTION = `
**Tận Tâm — API chăm sóc khách hàng đa kênh.** Mọi thứ nhân viên làm trong ứng dụng (khách hàng, phiếu,
tin nhắn, khảo sát, báo cáo) đều có ở đây, dạng JSON dưới \`/api\`. *(English below.)*

### Xác thực
1. Quản trị viên vào **Cài đặt → Mã truy cập API**, bấm *Tạo mã*; mã chỉ hiện **một lần** — hãy lưu lại.
2. Gửi mã trong mỗi yêu cầu: \`Authorization: Bearer tt_…\` (nút **Authorize** ở trên để thử ngay tại trang này).
3. Mã truy cập hoạt động với vai trò *integration*: đọc/ghi khách hàng và phiếu, đưa tin nhắn vào
   (\`POST /api/inbound/messages\`), đọc báo cáo; không quản lý người dùng, bộ phận, mã truy cập hay cài đặt.
   Thu hồi mã bất cứ lúc nào trong cùng trang cài đặt.

### Lỗi
Mọi lỗi trả về \`{ "error": { "id", "message", "details?" } }\` với mã HTTP 4xx/5xx.
\`id\` là mã ổn định để chương trình xử lý (không đổi giữa các phiên bản), \`message\` là câu người đọc hiểu được:
- \`validation.failed\` (400): dữ liệu chưa hợp lệ; \`details[].path\` chỉ đúng trường sai (ví dụ \`body.email\`).
- \`auth.required\` (401), \`auth.forbidden\` (403), \`<loại>.not_found\` (404), \`…_taken\` / \`conflict\` (409).
- \`request.rate_limited\` (429): gửi quá nhanh, thử lại sau vài giây; \`request.too_large\` (413).

### Quy ước
Thời gian dạng ISO 8601 (UTC); ngày báo cáo là ngày theo múi giờ của doanh nghiệp (mặc định Asia/Ho_Chi_Minh).
Tiền là VND (số nguyên). Danh sách dài phân trang bằng \`cursor\` / \`nextCursor\`. Gửi lại cùng một tin nhắn
vào (\`channel\` + \`externalId\`) không tạo bản sao.

---
*English:* authenticate with an API token from **Settings → API tokens** as \`Authorization: Bearer …\`;
errors are \`{ error: { id, message, details } }\` with a stable \`id\`.
`.trim();

/** The logo in the docs' top bar: the app's mark and name, white on the brand colour. */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="40" viewBox="0 0 220 40">
<rect x="2" y="4" width="32" height="32" rx="9" fill="#ffffff"/>
<path d="M11 15h14M18 15v13" stroke="${BRAND}" stroke-width="3.4" stroke-linecap="round"/>
<text x="44" y="27" font-family="Inter, Segoe UI, Arial, sans-serif" font-size="19" font-weight="700" fill="#ffffff">Tận Tâm API</text>
</svg>`;

const CSS = `
.swagger-ui .topbar { background: ${BRAND}; padding: 8px 0; }
.swagger-ui .topbar .download-url-wrapper { display: none; }
.swagger-ui .info .title { color: ${BRAND_DARK}; }
.swagger-ui .info .description h3 { margin-top: 1.2em; }
.swagger-ui .btn.authorize { color: ${BRAND}; border-color: ${BRAND}; }
.swagger-ui .btn.authorize svg { fill: ${BRAND}; }
.swagger-ui .opblock-tag { font-size: 18px; }
body { background: #f8fbfa; }
`;

/** Options for @fastify/swagger-ui. */
export const apiDocsUi: FastifySwaggerUiOptions = {
  routePrefix: '/api/docs',
  logo: { type: 'image/svg+xml', content: Buffer.from(LOGO_SVG), href: '/api/docs', target: '_self' },
  theme: {
    title: 'Tận Tâm API — tài liệu',
    css: [{ filename: 'tan-tam.css', content: CSS }],
  },
  uiConfig: { docExpansion: 'none', deepLinking: true, persistAuthorization: true, displayRequestDuration: true, filter: true },
};
