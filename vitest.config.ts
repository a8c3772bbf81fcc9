import { defineConfig } from 'vitest/config';

// Files that replace a module (vi.mock) or change process-wide settings run in their own process;
// every other file shares its worker's module cache (isolate: false), which saves most of the
// import time — each file still gets its own database copy and app.
const ISOLATED = ['src/server/test/security/route-walk.test.ts', 'src/server/areas/access/login-rate-limit.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Migrates once into a template database that every test file copies (src/server/test/template.ts).
    globalSetup: ['src/server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'src/**/*.browser.test.ts', ...ISOLATED],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
});
