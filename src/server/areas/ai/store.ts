import type { Sql } from '../../core/db/types.js';
import { deserialiseClassifier, type TrainedClassifier } from './model/classifier.js';
import type { ModelReport } from '../../../shared/ai.js';

/** What the database keeps of a model: the AI kinds ('category', 'team', 'priority', 'sentiment'). */
export type ModelKind = 'category' | 'team' | 'priority' | 'sentiment';

export interface StoredModel {
  version: number;
  model: TrainedClassifier;
  report: ModelReport;
}

// Deserialised models by workspace and kind; a newer version in the database replaces the cached one.
const cache = new Map<string, StoredModel>();

/** The newest model of a kind for a workspace (undefined: none trained yet). */
export async function loadModel(db: Sql, workspaceId: string, kind: ModelKind): Promise<StoredModel | undefined> {
  const head = await db.maybeOne<{ version: number }>('SELECT max(version) AS version FROM ai_models WHERE workspace_id = $1 AND kind = $2', [workspaceId, kind]);
  const version = head?.version == null ? undefined : Number(head.version);
  if (version === undefined) return undefined;
  const key = `${workspaceId}:${kind}`;
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit;
  const row = await db.maybeOne<{ weights: Buffer | Uint8Array; report: ModelReport }>(
    'SELECT weights, report FROM ai_models WHERE workspace_id = $1 AND kind = $2 AND version = $3',
    [workspaceId, kind, version],
  );
  if (!row) return undefined;
  const stored = { version, model: deserialiseClassifier(Buffer.from(row.weights)), report: row.report };
  cache.set(key, stored);
  return stored;
}

/** The newest model's report per kind, without loading weights. */
export async function modelReports(db: Sql, workspaceId: string): Promise<Map<ModelKind, ModelReport>> {
  const rows = await db.query<{ kind: ModelKind; report: ModelReport }>(
    `SELECT DISTINCT ON (kind) kind, report FROM ai_models WHERE workspace_id = $1 ORDER BY kind, version DESC`,
    [workspaceId],
  );
  return new Map(rows.map((r) => [r.kind, r.report]));
}
