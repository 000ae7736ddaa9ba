// The effective spec as a JSON module, for the code that runs where the file system does not (the msw handlers in a
// browser). Plain JavaScript with a declaration beside it, so TypeScript does not infer a type for 460 KB of JSON.
// One level below the package root, like dist/msw.js, so the relative path holds from source and from the build.
import spec from "../generated/xai-openapi.effective.json" with { type: "json" };

export default spec;
