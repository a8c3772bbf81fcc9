// Prints the chat widget bundle's size and fails when it is over the budget (35 KB gzipped).
// Run after `npm run build:widget` (or build:web): node scripts/widget-size.mjs
import fs from 'node:fs';
import zlib from 'node:zlib';

const BUDGET = 35 * 1024;
const file = new URL('../dist/widget/widget.js', import.meta.url);
if (!fs.existsSync(file)) {
  console.error('dist/widget/widget.js is missing: run `npm run build:widget` first');
  process.exit(1);
}
const raw = fs.readFileSync(file);
const gz = zlib.gzipSync(raw, { level: 9 }).length;
console.log(`widget.js: ${(raw.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (gz > BUDGET) process.exit(1);
