import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'src/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Migrates once into a template database that every test file copies (src/server/test/template.ts).
    globalSetup: ['src/server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
