/**
 * A process that dies right after a commit (tests of durable reactions): boots on DATABASE_URL or
 * DATA_DIR, files one inbound message, and kills itself with SIGKILL in the first after-commit
 * listener of that transaction — before any reaction of it can run. Prints the ids synchronously first.
 */
import fs from 'node:fs';
import { bootContext } from '../../boot.js';
import { loadEnv } from '../../core/env.js';
import { createWorkspace } from '../../areas/access/index.js';
import { ingestInbound } from '../../areas/tickets/index.js';

const ctx = await bootContext(loadEnv());
const { workspace } = await createWorkspace(ctx.db, { workspaceName: 'Cửa hàng Sập nguồn', admin: { name: 'Quản Trị', email: `crash-${Date.now()}@example.vn`, password: 'mat-khau-123' } });
ctx.db.onCommittedEvents((events) => {
  if (!events.some((e) => e.type === 'message.created')) return;
  fs.writeSync(1, JSON.stringify({ workspaceId: workspace.id, ticketId: events.find((e) => e.type === 'message.created')?.data.ticketId }) + '\n');
  process.kill(process.pid, 'SIGKILL');
});
await ingestInbound(
  ctx.db,
  { channel: 'api', externalId: `crash-${Date.now()}`, from: { kind: 'phone', value: '0912345678', name: 'Nguyễn Văn A' }, body: 'Máy lạnh không mát', contentType: 'text', attachments: [] },
  { kind: 'system', workspaceId: workspace.id },
);
// Not reached: the listener above killed the process at commit.
fs.writeSync(2, 'still alive after commit\n');
process.exit(3);
