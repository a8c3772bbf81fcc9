/* global window */
// The README's screenshots: the inbox, a ticket, a customer 360 and the reports, at 1440×900 (desktop)
// and 390×844 (phone), taken from a fresh demo workspace so they show the current app.
//
// Starts `src/server/main.ts --demo` on a free port with its own scratch data directory (the demo data
// set is generated into it), logs in as the demo admin in Chromium (playwright-core, Debian's
// /usr/bin/chromium or CHROMIUM_PATH), writes docs/screenshots/<page>-<desktop|phone>.png and stops
// the server. Build the web app first (npm run screenshots does: build-web-if-stale).
//
// Usage: npm run screenshots            (or: node scripts/screenshots.mjs [--url http://host:port] to use a running demo)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'docs', 'screenshots');
const LOGIN = { email: 'admin@demo.tantam.vn', password: 'TanTam@2026' };
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** The demo server on a free port with a scratch data directory; resolves once it answers. */
async function startDemo() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-screenshots-'));
  // Always the embedded database in a scratch directory: the demo never touches a configured PostgreSQL.
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', SMTP_RECEIVER_PORT: '0', DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.PUBLIC_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--demo'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the demo server stopped:\n${log}`);
    if (Date.now() > deadline) throw new Error(`the demo server did not start in 5 minutes:\n${log}`);
    // The demo data is written before the server listens, so an answer means it is all there.
    const ok = await fetch(`${url}/api/setup`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return {
    url,
    scratch: true,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A ticket worth showing: open, a real conversation, a customer with history. */
async function pickTicket(page, url) {
  const inbox = await page.request.get(`${url}/api/tickets?status=all&limit=100`).then((r) => r.json());
  const open = inbox.items.filter((t) => !['resolved', 'closed'].includes(t.status));
  const best = [...open].sort((a, b) => b.messageCount - a.messageCount)[0] ?? inbox.items[0];
  if (!best) throw new Error('the demo has no tickets');
  return best;
}

async function main() {
  const given = process.argv.indexOf('--url');
  const server = given > 0 ? { url: process.argv[given + 1], stop: async () => {} } : await startDemo();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    fs.mkdirSync(OUT, { recursive: true });
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: 1, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.locator('input[name="email"]').fill(LOGIN.email);
      await page.locator('input[name="password"]').fill(LOGIN.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByTestId('user-menu').waitFor();
      // The admin's getting-started card would fill the inbox picture; dismiss it in our scratch demo only.
      if (server.scratch) await page.request.post(`${server.url}/api/onboarding/dismiss`, { data: {} }).catch(() => {});
      const ticket = await pickTicket(page, server.url);
      const shots = [
        ['inbox', '/?view=all', () => page.getByTestId('inbox-row').first().waitFor()],
        ['ticket', `/tickets/${ticket.id}`, () => page.getByTestId('ticket-title').waitFor()],
        ['customer-360', `/customers/${ticket.customer.id}`, () => page.getByTestId('customer-name').waitFor()],
        ['reports', '/reports', () => page.getByTestId('kpi-volume').waitFor()],
      ];
      for (const [name, route, ready] of shots) {
        await page.goto(`${server.url}${route}`);
        await ready();
        // Charts draw and lists fill after their own requests; give them a moment, then start at the top.
        await page.waitForLoadState('networkidle').catch(() => {});
        await page.waitForTimeout(1200);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.mouse.move(0, size.height - 1);
        const file = path.join(OUT, `${name}-${size.name}.png`);
        await page.screenshot({ path: file });
        console.log(`${path.relative(root, file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
