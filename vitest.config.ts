import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/** Tests that start servers, databases, processes and browsers. */
export const integrationTests = {
  pool: "forks",
  testTimeout: 120_000,
  hookTimeout: 120_000,
  // A poll waits on servers and browsers sharing 2 cores with other test files: a second is
  // too short for the slow moments, and a poll that holds returns as soon as it does.
  expect: { poll: { timeout: 10_000, interval: 100 } },
} as const;

export default defineConfig({
  resolve: {
    // One copy of graphql, or schema objects from "another module or realm" are rejected.
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    // Across both projects: the integration tests start servers, databases and browsers, and
    // 2 cores must not thrash.
    maxWorkers: 2,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          // Pure functions and fakes, no I/O: threads start faster than forks, and the files share
          // nothing mutable, so they may share one module graph. `npm run test:unit` runs these alone.
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          pool: "threads",
          isolate: false,
          testTimeout: 5_000,
        },
      },
      {
        extends: true,
        test: {
          ...integrationTests,
          name: "integration",
          include: ["tests/**/*.test.ts"],
          // Restarting PostgreSQL would break tests running beside it: vitest.restart.config.ts runs it after.
          exclude: ["tests/unit/**", "tests/restart/**", "**/node_modules/**"],
        },
      },
    ],
  },
});
