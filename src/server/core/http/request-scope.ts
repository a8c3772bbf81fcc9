import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the HTTP request a piece of work runs for (the audit log's IP). */
export interface RequestScope {
  ip: string | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs the rest of a request inside its scope (app.ts, onRequest). */
export const runInRequestScope = (scope: RequestScope, fn: () => void) => storage.run(scope, fn);

/** The current request's scope; undefined in jobs, the CLI and tests that call commands directly. */
export const currentRequest = (): RequestScope | undefined => storage.getStore();
