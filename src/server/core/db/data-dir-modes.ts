import fs from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds every customer's data and the credentials key: only the server's own user may
 * read it. PGlite creates its files with the process umask (often 0666 & ~022, or world-writable under
 * a 000 umask), so on every open the folder is walked and tightened: folders 0700, files 0600.
 * Symlinks are left alone (their target may be shared on purpose).
 */
export function restrictDataDir(dataDir: string): { changed: number } {
  let changed = 0;
  const fix = (p: string, mode: number, current: number) => {
    if ((current & 0o777) === mode) return;
    fs.chmodSync(p, mode);
    changed++;
  };
  const walk = (dir: string) => {
    fix(dir, 0o700, fs.statSync(dir).mode);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) fix(p, 0o600, fs.lstatSync(p).mode);
    }
  };
  walk(dataDir);
  return { changed };
}
