/**
 * Which model presets Amazon Bedrock serves per token, and under which names: the Bedrock model id
 * and the display names the Price List `model` attribute uses for it (with and without "Instruct":
 * the AmazonBedrock offer names Llama 3.1 8B both ways across its products and over time).
 *
 * Only open-weight models whose served weights have the preset's architecture are mapped. Bedrock
 * serves no Qwen2.5, Gemma 2 or Phi-3 model (its Qwen and Gemma offers are Qwen3 and Gemma 3, other
 * architectures), so those presets have no managed price.
 */
export interface ManagedModelMapping {
  /** Preset id (lib/model/presets.ts). */
  preset: string;
  modelId: string;
  /** Price List `model` attribute values for this model. */
  displayNames: readonly string[];
  /** Said of every price for this mapping, when the served model is not the preset's exact release. */
  note?: string;
  source: string;
}

const modelIdsDoc = 'Amazon Bedrock User Guide, "Supported foundation models" (model ids)';

export const bedrockModelMappings: readonly ManagedModelMapping[] = [
  {
    preset: 'llama-3.2-1b',
    modelId: 'meta.llama3-2-1b-instruct-v1:0',
    displayNames: ['Llama 3.2 1B Instruct'],
    source: modelIdsDoc,
  },
  {
    preset: 'llama-3.2-3b',
    modelId: 'meta.llama3-2-3b-instruct-v1:0',
    displayNames: ['Llama 3.2 3B Instruct'],
    source: modelIdsDoc,
  },
  {
    preset: 'llama-3.1-8b',
    modelId: 'meta.llama3-1-8b-instruct-v1:0',
    displayNames: ['Llama 3.1 8B Instruct'],
    source: modelIdsDoc,
  },
  {
    preset: 'llama-3.1-70b',
    modelId: 'meta.llama3-1-70b-instruct-v1:0',
    displayNames: ['Llama 3.1 70B Instruct'],
    source: modelIdsDoc,
  },
  {
    preset: 'llama-3.1-70b',
    modelId: 'meta.llama3-3-70b-instruct-v1:0',
    displayNames: ['Llama 3.3 70B Instruct'],
    note: 'Llama 3.3 70B: the same architecture as Llama 3.1 70B, newer weights',
    source: `${modelIdsDoc}; Llama 3.3 70B config.json matches Llama 3.1 70B`,
  },
  {
    preset: 'llama-3.1-405b',
    modelId: 'meta.llama3-1-405b-instruct-v1:0',
    displayNames: ['Llama 3.1 405B Instruct'],
    source: modelIdsDoc,
  },
  {
    preset: 'mistral-7b',
    modelId: 'mistral.mistral-7b-instruct-v0:2',
    displayNames: ['Mistral 7B Instruct'],
    source: modelIdsDoc,
  },
  {
    preset: 'mixtral-8x7b',
    modelId: 'mistral.mixtral-8x7b-instruct-v0:1',
    displayNames: ['Mixtral 8x7B Instruct'],
    source: modelIdsDoc,
  },
  {
    preset: 'deepseek-v3',
    modelId: 'deepseek.v3-v1:0',
    displayNames: ['DeepSeek-V3.1'],
    note: 'DeepSeek-V3.1: the same architecture as DeepSeek-V3, newer weights',
    source: `${modelIdsDoc}; DeepSeek-V3.1 config.json matches DeepSeek-V3`,
  },
];

/** "Llama 3.1 8B Instruct", "llama 3.1 8b", "DeepSeek-V3.1" → one comparable key. */
export function displayNameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/[-_\s]+/g, ' ')
    .trim()
    .replace(/ instruct$/, '');
}

const byDisplayName = new Map(
  bedrockModelMappings.flatMap((m) => m.displayNames.map((name) => [displayNameKey(name), m] as const)),
);
const byModelId = new Map(bedrockModelMappings.map((m) => [m.modelId, m]));

/**
 * The preset a Price List `model` attribute (a display name, or on newer products a model id)
 * stands for, or undefined for models without a preset (Nova, Claude, Llama 3.2 11B Vision, ...).
 *
 * @example
 * findBedrockModel('Llama 3.1 8B'); // { preset: 'llama-3.1-8b', modelId: 'meta.llama3-1-8b-instruct-v1:0', ... }
 */
export function findBedrockModel(model: string): ManagedModelMapping | undefined {
  const trimmed = model.trim();
  return byModelId.get(trimmed) ?? byDisplayName.get(displayNameKey(trimmed));
}

/** The presets Bedrock serves (a preset id appears once). */
export function managedPresets(): readonly string[] {
  return [...new Set(bedrockModelMappings.map((m) => m.preset))];
}
