import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';

/** /api/docs is ours (issue 10 §10): title, colour, logo and a Vietnamese introduction on auth and errors. */
describe('API docs branding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the page has our title and stylesheet, the spec our Vietnamese introduction', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Tận Tâm API — tài liệu</title>');
    expect(page.body).toContain('static/theme/tan-tam.css');
    // The top bar's logo is ours (inlined by the initializer as a data URL).
    const init = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    const logo = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(init.body);
    expect(logo).not.toBeNull();
    expect(Buffer.from(logo![1], 'base64').toString()).toContain('Tận Tâm API');
    const spec = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const info = spec.json<{ info: { title: string; description: string } }>().info;
    expect(info.title).toBe('Tận Tâm API');
    expect(info.description).toContain('Authorization: Bearer');
    expect(info.description).toContain('Cài đặt → Mã truy cập API');
    expect(info.description).toContain('validation.failed');
  });
});
