import type { Db } from '../../../core/db/types.js';
import { badRequest, conflict, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { newId } from '../../../core/lib/ids.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';
import { slugify, type KbArticleWrite } from '../../../../shared/knowledge.js';
import { ARTICLE_SELECT, type ArticleRow } from '../rows.js';

/**
 * Creates (no id) or replaces an article. The slug is made from the title when not given and must be
 * unique per language (409 kb.slug_taken); publishing stamps published_at the first time.
 */
export async function saveArticle(db: Db, actor: Actor, input: KbArticleWrite, id?: string): Promise<ArticleRow> {
  const ws = actor.workspaceId;
  const slug = input.slug ?? slugify(input.title);
  const tags = [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))];
  try {
    return await db.tx(async (tx) => {
      if (input.categoryId) {
        const cat = await tx.maybeOne('SELECT 1 FROM kb_categories WHERE workspace_id = $1 AND id = $2', [ws, input.categoryId]);
        if (!cat) throw badRequest('kb.category_not_found', 'The category does not exist', { field: 'categoryId' });
      }
      const params = [ws, input.categoryId, input.lang, slug, input.title, input.body, tags, input.status];
      const row = id
        ? await tx.maybeOne<{ id: string }>(
            `UPDATE kb_articles SET category_id = $2, lang = $3, slug = $4, title = $5, body = $6, tags = $7, status = $8, updated_at = now(),
               published_at = CASE WHEN $8 = 'published' THEN coalesce(published_at, now()) ELSE published_at END
             WHERE workspace_id = $1 AND id = $9 RETURNING id`,
            [...params, id],
          )
        : await tx.one<{ id: string }>(
            `INSERT INTO kb_articles (workspace_id, category_id, lang, slug, title, body, tags, status, id, created_by, published_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $8 = 'published' THEN now() END) RETURNING id`,
            [...params, newId(), actor.kind === 'user' ? actor.id : null],
          );
      if (!row) throw notFound('kb_article', 'kb.article_not_found');
      await appendEvent(tx, { workspaceId: ws, type: 'kb_article.saved', subjectType: 'kb_article', subjectId: row.id, actor, data: { title: input.title, lang: input.lang, status: input.status, created: !id } });
      return tx.one<ArticleRow>(`${ARTICLE_SELECT} WHERE a.workspace_id = $1 AND a.id = $2`, [ws, row.id]);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'kb_articles_ws_lang_slug_key')) throw conflict('kb.slug_taken', `An article with the address "${slug}" already exists`, { field: 'slug' });
    throw err;
  }
}

export async function deleteArticle(db: Db, actor: Actor, id: string): Promise<void> {
  await db.tx(async (tx) => {
    const row = await tx.maybeOne<{ title: string }>('DELETE FROM kb_articles WHERE workspace_id = $1 AND id = $2 RETURNING title', [actor.workspaceId, id]);
    if (!row) throw notFound('kb_article', 'kb.article_not_found');
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'kb_article.deleted', subjectType: 'kb_article', subjectId: id, actor, data: { title: row.title } });
  });
}
