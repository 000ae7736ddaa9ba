/*
 * What `parse` and `runTools` load on first use, as one chunk: an app that uses one mostly uses the other, and one
 * lazily loaded chunk costs the client entry fewer bytes of splitting than one per feature.
 */
export { parseChat, parseResponse } from "./structured/parse.ts";
export { runChatTools } from "./tools/chat.ts";
export { runResponseTools } from "./tools/responses.ts";
