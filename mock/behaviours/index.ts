/**
 * The xAI behaviours Prism cannot provide, keyed by operationId: the mock's one dispatch table, uploads included. Each
 * runs only after the request passed the contract engine. Answers built from the request step aside for a request
 * with a `Prefer` header, which asks for Prism's negotiated answer (`code=…`, `example=…`, `dynamic=true`) as the
 * Prism CLI gives it; the stateful behaviours (deferred chat and images, stored responses and their input items,
 * videos, files and their public URLs, skills) always run.
 */
import { chatCompletion, deferredCompletion } from "./chat.ts";
import type { Behaviour } from "./context.ts";
import { unlessPreferred } from "./context.ts";
import { createEmbeddings } from "./embeddings.ts";
import { deleteFile, fileContent, getFile, listFiles } from "./files.ts";
import { generateImages, pollImages } from "./images.ts";
import { me } from "./me.ts";
import { createMessage } from "./messages.ts";
import { getModel, getModelOf, listModels, listModelsOf } from "./models.ts";
import { publicUrlCreate, publicUrlRevoke } from "./public-urls.ts";
import { compact, createResponse, deleteStoredResponse, getStoredResponse, listInputItems } from "./responses.ts";
import { deleteSkill, getSkill, listSkills, skillContent, uploadSkill } from "./skills.ts";
import { complete, completions, tokenize } from "./text.ts";
import { uploadFile } from "./upload.ts";
import { pollVideo, startVideo } from "./videos.ts";

export type { Behaviour, BehaviourContext, BehaviourState } from "./context.ts";

export const behaviours: Record<string, Behaviour> = {
  handle_generic_completion_request: unlessPreferred(chatCompletion),
  handle_get_deferred_completion_request: deferredCompletion,
  handle_generic_complete_request: unlessPreferred(complete),
  handle_sample_request: unlessPreferred(completions),
  handle_tokenize_text_request: unlessPreferred(tokenize),
  handle_embedding_request: unlessPreferred(createEmbeddings),
  handle_generate_image_request: unlessPreferred(generateImages),
  handle_edit_image_request: unlessPreferred(generateImages),
  handle_get_deferred_image_request: pollImages,
  handle_generic_model_request: unlessPreferred(createResponse),
  handle_get_stored_completion_request: getStoredResponse,
  handle_delete_stored_completion_request: deleteStoredResponse,
  handle_list_input_items: listInputItems,
  handle_compact_request: unlessPreferred(compact),
  handle_generic_messages_request: unlessPreferred(createMessage),
  handle_get_me_request: unlessPreferred(me),
  handle_models_list_request: unlessPreferred(listModels),
  handle_model_get_request: unlessPreferred(getModel),
  handle_language_models_list_request: unlessPreferred(listModelsOf("language")),
  handle_language_model_get_request: unlessPreferred(getModelOf("language")),
  handle_embedding_models_list_request: unlessPreferred(listModelsOf("embedding")),
  handle_embedding_model_get_request: unlessPreferred(getModelOf("embedding")),
  handle_image_generation_models_list_request: unlessPreferred(listModelsOf("image")),
  handle_image_generation_model_get_request: unlessPreferred(getModelOf("image")),
  handle_video_generation_models_list_request: unlessPreferred(listModelsOf("video")),
  handle_video_generation_model_get_request: unlessPreferred(getModelOf("video")),
  handle_generate_video_request: startVideo,
  handle_edit_video_request: startVideo,
  handle_extend_video_request: startVideo,
  handle_get_deferred_video_request: pollVideo,
  handle_upload_file_request: uploadFile,
  handle_list_files_request: listFiles,
  handle_retrieve_file_request: getFile,
  handle_delete_file_request: deleteFile,
  handle_download_file_content_request: fileContent,
  handle_create_public_url_request: publicUrlCreate,
  handle_revoke_public_url_request: publicUrlRevoke,
  handle_upload_skill_request: uploadSkill,
  handle_list_skills_request: listSkills,
  handle_retrieve_skill_request: getSkill,
  handle_delete_skill_request: deleteSkill,
  handle_download_skill_content_request: skillContent,
};
