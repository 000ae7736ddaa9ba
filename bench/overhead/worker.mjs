// Worker threads do not inherit tsx's loader on Node 20, so the worker entry loads the TypeScript contender itself.
import { tsImport } from "tsx/esm/api";

await tsImport("./contender.ts", import.meta.url);
