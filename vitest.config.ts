import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'common/src/**/*.test.ts',
      'contract/src/**/*.test.ts',
      'config/src/**/*.test.ts',
      'device-agent/src/**/*.test.ts',
      'sync/src/**/*.test.ts',
      'kiosk-ui/src/lib/**/*.test.ts',
      'tests/integration/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
