/** The effective spec (`generated/xai-openapi.effective.json`), loaded as a JSON module. */
declare const spec: Record<string, any>;
export default spec;
