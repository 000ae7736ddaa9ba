/**
 * The resources whose methods are (partly) hand-written, by resource path; every other resource, and every method a
 * class does not write, is derived from generated/resources.ts (./derive.ts).
 */
import { ChatCompletions, DeferredCompletions } from "./chat.ts";
import { Files } from "./files.ts";
import { Images } from "./images.ts";
import { Messages } from "./messages.ts";
import { Responses } from "./responses.ts";
import { Skills } from "./skills.ts";
import { Videos } from "./videos.ts";

export const handWritten = {
  "chat.completions": ChatCompletions,
  "chat.deferred": DeferredCompletions,
  files: Files,
  images: Images,
  messages: Messages,
  responses: Responses,
  skills: Skills,
  videos: Videos,
} as const;
