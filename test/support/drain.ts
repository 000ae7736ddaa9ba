import type { EventEmitter } from "node:events";

/** Resolves when a writable socket or response can take more data, or closed; leaves no listener behind. */
export function drainOrClose(writable: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      writable.off("drain", done);
      writable.off("close", done);
      resolve();
    };
    writable.on("drain", done);
    writable.on("close", done);
  });
}
