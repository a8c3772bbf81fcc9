import type { Sql } from '../../../core/db/types.js';
import { tagCounts } from '../../../core/lib/tag-counts.js';
import type { TagCount, TagListQuery } from '../../../../shared/tags.js';

/** The workspace's customer tags with counts, for the tag pickers (core/lib/tag-counts.ts). */
export function customerTags(sql: Sql, workspaceId: string, query: TagListQuery): Promise<TagCount[]> {
  return tagCounts(sql, 'customers', workspaceId, query);
}
