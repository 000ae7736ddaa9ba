/**
 * The in-process mock as every contract test file starts it: a free loopback port, and each of its log lines
 * handed to the leak watch (and to `onLog` when a test counts requests).
 */
import { type MockServer, type MockServerOptions, startMockServer } from "../../mock/index.ts";
import { capture } from "./leak-watch.ts";

export type { MockServer };

export function startContractMock(
  options: Omit<MockServerOptions, "port" | "host" | "log"> = {},
  onLog?: (line: string) => void,
): Promise<MockServer> {
  return startMockServer({
    ...options,
    port: 0,
    log: (line) => {
      capture("mock log", line);
      onLog?.(line);
    },
  });
}
