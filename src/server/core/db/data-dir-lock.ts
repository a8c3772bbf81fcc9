import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One process at a time in an embedded data folder. PGlite has no shared-memory coordination: a
 * second process opening the same files (the CLI while the server runs, a second server) writes over
 * the first one's pages and corrupts the database. The lock is a file created with O_EXCL that names
 * its holder (host, pid and the pid's start time); a holder that no longer runs — killed with -9,
 * crashed, or a pid reused by another program — is stale and taken over, so a restart after a crash
 * never needs a person to delete anything.
 */

export const LOCK_FILE = 'tantam.lock';

interface Holder {
  pid: number;
  host: string;
  /** The pid's start time in clock ticks since boot (/proc/<pid>/stat field 22) where the OS tells it. */
  started?: string;
  at: string;
}

/** The data folder is held by another live process. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    const who = `pid ${holder.pid}${holder.host !== os.hostname() ? `, ${holder.host}` : ''}, ${holder.at}`;
    super(
      `The data folder ${dataDir} is in use by another Tận Tâm process (${who}). ` +
        'Two processes in one embedded database corrupt it. Stop that server first, or do this through the running server (its web app or API). ' +
        `If no such process runs (e.g. the folder was copied from another machine), delete ${path.join(dataDir, LOCK_FILE)}.\n` +
        `Thư mục dữ liệu ${dataDir} đang được một tiến trình Tận Tâm khác sử dụng (${who}). ` +
        'Hai tiến trình cùng mở một cơ sở dữ liệu nhúng sẽ làm hỏng nó. Hãy dừng máy chủ đó trước, hoặc thao tác qua máy chủ đang chạy (ứng dụng web hoặc API).',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Start time of a process as the kernel records it; undefined where /proc is not available. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders this process holds, so a second open inside the same process is refused as well. */
const held = new Map<string, string>();

/** Whether the recorded holder still runs. Another host's holder cannot be checked: it counts as live. */
function isLive(h: Holder): boolean {
  if (h.host !== os.hostname()) return true;
  // Our own pid but not in `held`: a previous run that had the same pid (a container's pid 1).
  if (h.pid === process.pid) return false;
  if (!isRunning(h.pid)) return false;
  // The pid runs, but maybe as another program that got the dead holder's pid (containers restart at pid 1).
  const now = startTimeOf(h.pid);
  return !(h.started && now && now !== h.started);
}

function readHolder(file: string): Holder | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Holder;
    return Number.isInteger(h.pid) && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data folder for this process, or throws DataDirLockedError. Returns the release function
 * (also run at process exit). A stale lock is moved aside atomically, so of two processes taking over
 * the same stale lock only one wins.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: os.hostname(), started: startTimeOf(process.pid), at: new Date().toISOString() };
  if (held.has(dir)) throw new DataDirLockedError(dir, readHolder(file) ?? me);
  const content = JSON.stringify(me);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
      held.set(dir, content);
      return () => release(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const before = fs.readFileSync(file, 'utf8');
    const holder = readHolder(file);
    // An empty or unreadable file: a holder killed between creating and writing it.
    if (holder && isLive(holder)) throw new DataDirLockedError(dir, holder);
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue; // someone else moved it first
    }
    if (fs.readFileSync(aside, 'utf8') !== before) {
      // Between reading and moving, another process took over and wrote a live lock: put it back.
      try {
        fs.linkSync(aside, file);
      } catch {
        /* a third process holds it now */
      }
      fs.rmSync(aside, { force: true });
      throw new DataDirLockedError(dir, readHolder(file) ?? me);
    }
    fs.rmSync(aside, { force: true });
  }
  throw new DataDirLockedError(dir, readHolder(file) ?? me);
}

function release(dir: string) {
  const content = held.get(dir);
  if (content === undefined) return;
  held.delete(dir);
  const file = path.join(dir, LOCK_FILE);
  try {
    // Only our own lock: never remove one another process wrote after ours was taken over.
    if (fs.readFileSync(file, 'utf8') === content) fs.rmSync(file);
  } catch {
    /* already gone */
  }
}

process.on('exit', () => {
  for (const dir of [...held.keys()]) release(dir);
});
