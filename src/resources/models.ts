import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonResult } from "../core/types.ts";
import { Resource } from "./resource.ts";
import { requireId } from "./validate.ts";

/** Every model this key can use (OpenAI-compatible shape). */
export class Models extends Resource {
  /** GET /v1/models */
  list(options?: RequestOptions): APIPromise<JsonResult<"handle_models_list_request">> {
    return call(this.core, (init) => this.core.raw.GET("/v1/models", init), options);
  }

  /** GET /v1/models/{model_id} */
  retrieve(modelId: string, options?: RequestOptions): APIPromise<JsonResult<"handle_model_get_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/models/{model_id}", {
          params: { path: { model_id: requireId(modelId, "modelId") } },
          ...init,
        }),
      options,
    );
  }
}

/** Chat models with pricing, modalities and aliases. */
export class LanguageModels extends Resource {
  /** GET /v1/language-models */
  list(options?: RequestOptions): APIPromise<JsonResult<"handle_language_models_list_request">> {
    return call(this.core, (init) => this.core.raw.GET("/v1/language-models", init), options);
  }

  /** GET /v1/language-models/{model_id} */
  retrieve(modelId: string, options?: RequestOptions): APIPromise<JsonResult<"handle_language_model_get_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/language-models/{model_id}", {
          params: { path: { model_id: requireId(modelId, "modelId") } },
          ...init,
        }),
      options,
    );
  }
}

export class EmbeddingModels extends Resource {
  /** GET /v1/embedding-models */
  list(options?: RequestOptions): APIPromise<JsonResult<"handle_embedding_models_list_request">> {
    return call(this.core, (init) => this.core.raw.GET("/v1/embedding-models", init), options);
  }

  /** GET /v1/embedding-models/{model_id} */
  retrieve(modelId: string, options?: RequestOptions): APIPromise<JsonResult<"handle_embedding_model_get_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/embedding-models/{model_id}", {
          params: { path: { model_id: requireId(modelId, "modelId") } },
          ...init,
        }),
      options,
    );
  }
}

export class ImageGenerationModels extends Resource {
  /** GET /v1/image-generation-models */
  list(options?: RequestOptions): APIPromise<JsonResult<"handle_image_generation_models_list_request">> {
    return call(this.core, (init) => this.core.raw.GET("/v1/image-generation-models", init), options);
  }

  /** GET /v1/image-generation-models/{model_id} */
  retrieve(
    modelId: string,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_image_generation_model_get_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/image-generation-models/{model_id}", {
          params: { path: { model_id: requireId(modelId, "modelId") } },
          ...init,
        }),
      options,
    );
  }
}

export class VideoGenerationModels extends Resource {
  /** GET /v1/video-generation-models */
  list(options?: RequestOptions): APIPromise<JsonResult<"handle_video_generation_models_list_request">> {
    return call(this.core, (init) => this.core.raw.GET("/v1/video-generation-models", init), options);
  }

  /** GET /v1/video-generation-models/{model_id} */
  retrieve(
    modelId: string,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_video_generation_model_get_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/video-generation-models/{model_id}", {
          params: { path: { model_id: requireId(modelId, "modelId") } },
          ...init,
        }),
      options,
    );
  }
}
