import type { operations } from "../../generated/openapi.ts";
import type { APIPromise } from "../core/api-promise.ts";
import { type Core, call, type RequestOptions } from "../core/request.ts";
import type { JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";
import { requireId } from "./validate.ts";

/** The five model catalogues share one shape: `GET <path>` lists, `GET <path>/{model_id}` retrieves. */
type CatalogPath =
  | "/v1/models"
  | "/v1/language-models"
  | "/v1/embedding-models"
  | "/v1/image-generation-models"
  | "/v1/video-generation-models";

/** One model catalogue; `ListOp` and `GetOp` name its operations so results are typed from the spec. */
export class ModelCatalog<ListOp extends keyof operations, GetOp extends keyof operations> extends Resource {
  constructor(
    core: Core,
    private readonly path: CatalogPath,
  ) {
    super(core);
  }

  /** GET <catalogue> */
  list(options?: RequestOptions): APIPromise<JsonResult<ListOp>> {
    return call(this.core, (init) => this.core.raw.GET(this.path, init), options) as APIPromise<JsonResult<ListOp>>;
  }

  /** GET <catalogue>/{model_id} */
  retrieve(modelId: string, options?: RequestOptions): APIPromise<JsonResult<GetOp>> {
    // Every catalogue's `/{model_id}` route takes the same params; one literal keeps openapi-fetch's init typed.
    return call(
      this.core,
      (init) =>
        this.core.raw.GET(`${this.path}/{model_id}` as "/v1/models/{model_id}", {
          params: { path: { model_id: requireId(modelId, "modelId") } },
          ...init,
        }),
      options,
    ) as APIPromise<JsonResult<GetOp>>;
  }
}

/** Every model this key can use (OpenAI-compatible shape). */
export type Models = ModelCatalog<"handle_models_list_request", "handle_model_get_request">;
/** Chat models with pricing, modalities and aliases. */
export type LanguageModels = ModelCatalog<"handle_language_models_list_request", "handle_language_model_get_request">;
export type EmbeddingModels = ModelCatalog<
  "handle_embedding_models_list_request",
  "handle_embedding_model_get_request"
>;
export type ImageGenerationModels = ModelCatalog<
  "handle_image_generation_models_list_request",
  "handle_image_generation_model_get_request"
>;
export type VideoGenerationModels = ModelCatalog<
  "handle_video_generation_models_list_request",
  "handle_video_generation_model_get_request"
>;
