/**
 * The xAI behaviours Prism cannot provide, keyed by operationId. Each runs only after the request passed the
 * contract engine, and receives Prism's negotiated response as the template for what it sends.
 */
import { chatCompletion, deferredCompletion } from "./chat.ts";
import type { Behaviour } from "./context.ts";
import { createEmbeddings } from "./embeddings.ts";
import { deleteFile, fileContent, getFile, listFiles } from "./files.ts";
import { generateImages } from "./images.ts";
import { createMessage } from "./messages.ts";
import { getModel, getModelOf, listModels, listModelsOf } from "./models.ts";
import { createResponse, deleteStoredResponse, getStoredResponse } from "./responses.ts";
import { complete, completions, tokenize } from "./text.ts";
import { pollVideo, startVideo } from "./videos.ts";

export type { Behaviour, BehaviourContext, BehaviourState } from "./context.ts";

export const behaviours: Record<string, Behaviour> = {
  handle_generic_completion_request: chatCompletion,
  handle_get_deferred_completion_request: deferredCompletion,
  handle_generic_complete_request: complete,
  handle_sample_request: completions,
  handle_tokenize_text_request: tokenize,
  handle_embedding_request: createEmbeddings,
  handle_generate_image_request: generateImages,
  handle_edit_image_request: generateImages,
  handle_generic_model_request: createResponse,
  handle_get_stored_completion_request: getStoredResponse,
  handle_delete_stored_completion_request: deleteStoredResponse,
  handle_generic_messages_request: createMessage,
  handle_models_list_request: listModels,
  handle_model_get_request: getModel,
  handle_language_models_list_request: listModelsOf("language"),
  handle_language_model_get_request: getModelOf("language"),
  handle_embedding_models_list_request: listModelsOf("embedding"),
  handle_embedding_model_get_request: getModelOf("embedding"),
  handle_image_generation_models_list_request: listModelsOf("image"),
  handle_image_generation_model_get_request: getModelOf("image"),
  handle_video_generation_models_list_request: listModelsOf("video"),
  handle_video_generation_model_get_request: getModelOf("video"),
  handle_generate_video_request: startVideo,
  handle_edit_video_request: startVideo,
  handle_extend_video_request: startVideo,
  handle_get_deferred_video_request: pollVideo,
  handle_list_files_request: listFiles,
  handle_retrieve_file_request: getFile,
  handle_delete_file_request: deleteFile,
  handle_download_file_content_request: fileContent,
};
