-- Knowledge-base passages embedded by the workspace's model endpoint (OpenAI-compatible /v1/embeddings),
-- for hybrid retrieval (BM25 + cosine, reciprocal rank fusion). Plain real[] rather than pgvector: the
-- embedded database (PGlite) has no such extension, and a knowledge base is hundreds of articles, so the
-- cosine is computed in the process over the workspace's rows. One row per passage of an article, for one
-- model: a change of model re-embeds. content_hash skips articles whose text did not change. Issue 14.
CREATE TABLE kb_chunk_embeddings (
  article_id uuid NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
  chunk_no integer NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  model text NOT NULL,
  content_hash text NOT NULL,
  passage text NOT NULL,
  vector real[] NOT NULL,
  embedded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, chunk_no)
);
CREATE INDEX kb_chunk_embeddings_ws_idx ON kb_chunk_embeddings (workspace_id, model);

-- The embedding model's name on the endpoint (null: LLM_EMBEDDING_MODEL, else the chat model's name).
ALTER TABLE assistant_settings ADD COLUMN embedding_model text;
