import type { operations } from "../generated/openapi.ts";

/**
 * Every operationId of the spec → the client method that calls it. `satisfies` makes a spec update
 * that adds an operation fail typecheck here; test/client/coverage.test.ts checks each entry is a
 * real method, and the README table is this map.
 */
export const operationMethods = {
  handle_get_api_key_info_request: "apiKey.retrieve",
  handle_generic_completion_request: "chat.completions.create",
  handle_get_deferred_completion_request: "chat.deferred.retrieve",
  handle_generic_complete_request: "complete.create",
  handle_sample_request: "completions.create",
  handle_document_search_request_v2: "documents.search",
  handle_embedding_models_list_request: "embeddingModels.list",
  handle_embedding_model_get_request: "embeddingModels.retrieve",
  handle_embedding_request: "embeddings.create",
  handle_list_files_request: "files.list",
  handle_upload_file_request: "files.upload",
  handle_retrieve_file_request: "files.retrieve",
  handle_delete_file_request: "files.delete",
  handle_download_file_content_request: "files.content",
  handle_image_generation_models_list_request: "imageGenerationModels.list",
  handle_image_generation_model_get_request: "imageGenerationModels.retrieve",
  handle_edit_image_request: "images.edit",
  handle_generate_image_request: "images.generate",
  handle_language_models_list_request: "languageModels.list",
  handle_language_model_get_request: "languageModels.retrieve",
  handle_generic_messages_request: "messages.create",
  handle_models_list_request: "models.list",
  handle_model_get_request: "models.retrieve",
  handle_generic_model_request: "responses.create",
  handle_get_stored_completion_request: "responses.retrieve",
  handle_delete_stored_completion_request: "responses.delete",
  handle_tokenize_text_request: "tokenizer.tokenize",
  handle_video_generation_models_list_request: "videoGenerationModels.list",
  handle_video_generation_model_get_request: "videoGenerationModels.retrieve",
  handle_get_deferred_video_request: "videos.retrieve",
  handle_edit_video_request: "videos.edit",
  handle_extend_video_request: "videos.extend",
  handle_generate_video_request: "videos.generate",
} as const satisfies Record<keyof operations, string>;
