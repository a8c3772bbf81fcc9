import type { TestProject } from 'vitest/node';
import { ensureEmbeddedTemplate, ensurePostgresTemplate } from './template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Embedded runs: the migrated template's tarball. */
    pgliteTemplate?: string;
    /** PostgreSQL runs (TEST_DATABASE_URL): the migrated template database's name. */
    pgTemplate?: string;
  }
}

/** Once per `npm test`: the template database every test file copies (test/template.ts). */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) project.provide('pgTemplate', await ensurePostgresTemplate(url));
  else project.provide('pgliteTemplate', await ensureEmbeddedTemplate());
}
