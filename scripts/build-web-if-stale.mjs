// Builds the web app and the chat widget (npm run build:web) only when what goes into them changed
// since the last build this script made, so `npm start` does not spend ~20 s rebuilding the same files.
//
// What goes in: src/web, src/widget, src/shared, the Vite/PostCSS/TypeScript configs and package-lock.json
// (test files excepted). After a successful build a stamp (dist/.web-build-stamp.json) records a
// fingerprint of those files (path, size, modification time) and the modification times of the built
// dist/web/index.html and dist/widget/widget.js. The next start rebuilds when the fingerprint differs
// (a file changed, was added or deleted), when a built file is missing, or when something else rebuilt
// dist/ since (e.g. `npm run build:web`, which may have failed half-way).
//
// Usage: node scripts/build-web-if-stale.mjs [--force]
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(root, 'dist', '.web-build-stamp.json');
const INPUT_DIRS = ['src/web', 'src/widget', 'src/shared'];
const INPUT_FILES = ['vite.config.ts', 'vite.widget.config.ts', 'postcss.config.cjs', 'tsconfig.json', 'package-lock.json', 'package.json'];
const OUTPUTS = ['dist/web/index.html', 'dist/widget/widget.js'];
const isTest = (name) => /\.test\.tsx?$/.test(name);

/** Every input file, as "path size mtime" lines in a stable order. */
function inputLines() {
  const lines = [];
  const add = (rel) => {
    const st = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
    if (st?.isFile()) lines.push(`${rel} ${st.size} ${st.mtimeMs}`);
  };
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (!isTest(e.name)) add(child);
    }
  };
  INPUT_DIRS.forEach(walk);
  INPUT_FILES.forEach(add);
  return lines.sort();
}

const fingerprint = () => crypto.createHash('sha256').update(inputLines().join('\n')).digest('hex');
const outputTimes = () => OUTPUTS.map((rel) => fs.statSync(path.join(root, rel), { throwIfNoEntry: false })?.mtimeMs ?? null);

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

/** Why a build is needed, or null when dist/ is current. */
function staleReason(inputs) {
  if (process.argv.includes('--force')) return 'asked to (--force)';
  const outputs = outputTimes();
  if (outputs.some((t) => t === null)) return 'dist/ has no built web app yet';
  const stamp = readStamp();
  if (!stamp) return 'no record of the last build';
  if (stamp.inputs !== inputs) return 'sources changed since the last build';
  if (JSON.stringify(stamp.outputs) !== JSON.stringify(outputs)) return 'dist/ was rebuilt by something else since';
  return null;
}

const inputs = fingerprint();
const reason = staleReason(inputs);
if (!reason) {
  console.log('Web app and widget are up to date (dist/); not rebuilding.');
  process.exit(0);
}

console.log(`Building the web app and widget: ${reason}…`);
fs.rmSync(STAMP, { force: true });
// Under `npm start` npm tells us where it is; run by hand, the npm on PATH.
const [cmd, ...pre] = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
const build = spawnSync(cmd, [...pre, 'run', 'build:web', '--silent'], { cwd: root, stdio: 'inherit', shell: !process.env.npm_execpath && process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);
// Fingerprint again: a file saved during the build must trigger the next one.
const after = fingerprint();
if (after === inputs) fs.writeFileSync(STAMP, JSON.stringify({ builtAt: new Date().toISOString(), inputs, outputs: outputTimes() }, null, 2) + '\n');
