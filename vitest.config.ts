import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vitest keeps one core free by default, which on a 2-core CI machine means one worker; the suite is mostly
    // waiting on child processes and sockets, so every core runs a worker.
    maxWorkers: availableParallelism(),
  },
});
