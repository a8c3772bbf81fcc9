import { defineConfig } from 'vitest/config';

// Browser tests: the real server with the built web app, driven in Debian's Chromium by playwright-core.
export default defineConfig({
  test: {
    include: ['src/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
