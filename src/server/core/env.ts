import { z } from 'zod';
import path from 'node:path';

/** The only reader of process.env: everything configurable is parsed and typed here. */
const schema = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional().transform((v) => (v ? v : undefined)),
  /**
   * Several instances: a direct connection to PostgreSQL for this instance's one LISTEN connection
   * (the realtime fan-out) when DATABASE_URL goes through a transaction-pooling pgbouncer. Default: DATABASE_URL.
   */
  DATABASE_LISTEN_URL: z.string().optional().transform((v) => (v ? v : undefined)),
  /**
   * A streaming read replica of DATABASE_URL's database: reports and CSV exports read there (ctx.readDb),
   * and its lag is shown on the reports page and in /healthz. Empty: they read the primary.
   */
  DATABASE_REPLICA_URL: z.string().optional().transform((v) => (v ? v : undefined)),
  /**
   * Connections each instance's pool may open to PostgreSQL (plus up to 4 for statements outside
   * transactions and 1 LISTEN). With several instances keep instances × (this + 5) under max_connections.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(20),
  /**
   * Named (prepared) statements, parsed and planned once per connection: "auto" (default) uses them on
   * a direct connection and not when DATABASE_LISTEN_URL says a transaction pooler is in front; "true"
   * for pgbouncer ≥ 1.21 with max_prepared_statements set; "false" to never use them.
   */
  DATABASE_PREPARED_STATEMENTS: z.enum(['auto', 'true', 'false']).default('auto'),
  TEST_DATABASE_URL: z.string().optional().transform((v) => (v ? v : undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  /**
   * Behind a reverse proxy: which proxies to believe for the client address (X-Forwarded-For):
   * "false" (default, believe none, so a client cannot pick its own address to dodge the login rate
   * limit), "true" (believe any), or the proxies' addresses/CIDRs, comma-separated ("127.0.0.1,10.0.0.0/8").
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string => (v === 'true' ? true : v === 'false' || v === '' ? false : v)),
  /** Cookies are marked Secure when the app is served over https (behind a proxy). */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Key for channel credentials at rest (base64 of 32 bytes); when unset one is generated into DATA_DIR/secret.key. */
  SECRET_KEY: z.string().optional().transform((v) => (v ? v : undefined)),
  /** The public address of this install (links in emails, the widget snippet); defaults to http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  /** Built-in SMTP receiver for forwarded mail: the port to listen on (0 = off). */
  SMTP_RECEIVER_PORT: z.coerce.number().int().min(0).default(2525),
  /** Largest email the SMTP receiver accepts, in bytes. */
  SMTP_MAX_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  /**
   * Let mailboxes use mail servers on loopback, private or link-local addresses (a mail server on the
   * same machine or LAN). Off by default: the connection test would otherwise let an admin probe the
   * server's own network.
   */
  ALLOW_PRIVATE_MAIL_HOSTS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Bytes one chat visitor may upload per day (MB), and one widget in all (MB). */
  WIDGET_UPLOAD_VISITOR_MB_PER_DAY: z.coerce.number().positive().default(50),
  WIDGET_UPLOAD_WIDGET_MB_PER_DAY: z.coerce.number().positive().default(1000),
  /** Widget file uploads handled at once by this process (each holds at most one file in memory). */
  WIDGET_UPLOAD_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /**
   * Where the third-party platforms' APIs are (Zalo OAuth v4, Zalo OpenAPI v3, ZNS, Facebook Graph API).
   * Production uses the defaults; tests and demos point them at local servers that speak the same format.
   */
  ZALO_OAUTH_BASE: z.string().url().default('https://oauth.zaloapp.com'),
  ZALO_API_BASE: z.string().url().default('https://openapi.zalo.me'),
  ZALO_ZNS_BASE: z.string().url().default('https://business.openapi.zalo.me'),
  GRAPH_API_BASE: z.string().url().default('https://graph.facebook.com'),
  /** The OpenAI-compatible model endpoint a workspace uses until its AI settings name one (empty: none). */
  LLM_BASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  LLM_MODEL: z.string().optional().transform((v) => (v ? v : undefined)),
  /**
   * The embedding model on LLM_BASE_URL (POST /v1/embeddings), e.g. nomic-embed-text: set, workspaces on
   * the default endpoint get hybrid knowledge-base retrieval (BM25 + embeddings); empty: BM25 alone.
   */
  LLM_EMBEDDING_MODEL: z.string().optional().transform((v) => (v ? v : undefined)),
  /**
   * Outgoing webhooks: let subscriptions and workflow calls reach loopback, private or link-local
   * addresses (a receiver on the same machine or LAN; the tests' local receiver). Off by default, so a
   * webhook cannot be used to probe the server's own network (cloud metadata at 169.254.169.254).
   */
  ALLOW_PRIVATE_WEBHOOK_URLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** How long one webhook attempt may take (connect, send, answer), in milliseconds. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** A subscription is paused after this many deliveries in a row failed every attempt. */
  WEBHOOK_PAUSE_AFTER_FAILURES: z.coerce.number().int().positive().default(5),
  /**
   * Run background jobs and channel listeners (SMTP receiver; IMAP pollers when this instance holds
   * the leadership lease) in this process. `false`: this instance serves HTTP only.
   */
  WORKERS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Serve HTTP (the app, the API, sockets). `false` with WORKERS=true: a worker-only instance (jobs and listeners only). */
  HTTP: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Leadership lease for single-run work (IMAP pollers): how long it lasts without renewal, in seconds. */
  LEADER_LEASE_SECONDS: z.coerce.number().positive().default(15),
  /**
   * Several instances: request rate limits and the login throttle count in this Redis
   * (redis://[:password@]host:6379[/db]) instead of PostgreSQL. Empty: they count in the database.
   */
  REDIS_URL: z.string().optional().transform((v) => (v ? v : undefined)),
  /** Prefix of every key this install writes in Redis (several installs may share one Redis). */
  REDIS_KEY_PREFIX: z.string().default('tantam:'),
  /**
   * S3-compatible storage for new attachments and uploads (AWS S3, MinIO, R2 …; path-style requests):
   * set with S3_BUCKET and the keys, new files go there; empty, they stay in the database. Files keep
   * being read from wherever each was stored.
   */
  S3_ENDPOINT: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  S3_BUCKET: z.string().optional().transform((v) => (v ? v : undefined)),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional().transform((v) => (v ? v : undefined)),
  S3_SECRET_ACCESS_KEY: z.string().optional().transform((v) => (v ? v : undefined)),
});

export type Env = z.infer<typeof schema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const env = schema.parse(source);
  return { ...env, DATA_DIR: path.resolve(env.DATA_DIR) };
}
