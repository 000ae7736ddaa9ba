import type { Core } from "../core/request.ts";

/** Base of every resource: the client core its methods call through. */
export abstract class Resource {
  constructor(protected readonly core: Core) {}
}
