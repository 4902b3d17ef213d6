import { defineConfig } from "vitest/config";
import base, { integrationTests } from "./vitest.config.ts";

/** Tests that disturb shared services (restarting PostgreSQL): run alone, after the others. */
export default defineConfig({
  resolve: base.resolve,
  test: { ...integrationTests, include: ["tests/restart/**/*.test.ts"], exclude: ["**/node_modules/**"], maxWorkers: 1, reporters: ["default"] },
});
