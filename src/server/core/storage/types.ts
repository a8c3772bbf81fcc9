/** Where uploads' and attachments' bytes are kept when not in the database: one bucket, keys chosen by the caller. */
export interface ObjectStore {
  readonly kind: 's3';
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object's bytes; undefined when there is no such object. */
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
  /** The objects whose keys start with prefix, a page at a time (ListObjectsV2). */
  list(prefix: string): AsyncIterable<{ key: string; lastModified: Date }>;
}
