import { StreamProtocolError } from "../index.ts";

/** `value`, created by an earlier event; throws if `eventType` arrived before the event that creates it. */
export function createdBefore<T extends object>(value: T | undefined, eventType: string, creatingEvent: string): T {
  if (!value) throw new StreamProtocolError(`${eventType} event before ${creatingEvent}`);
  return value;
}
