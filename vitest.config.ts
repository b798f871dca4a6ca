import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{common,main,native,signaling-server,renderer,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    globalSetup: ['./scripts/vitest.globalSetup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: integration tests start real processes and servers.
    maxWorkers: 2,
  },
});
