/**
 * Serving and training engines: the software that runs a model on the hardware. Their efficiencies
 * per hardware class are data in lib/perf/efficiency.ts.
 */
export const engineIds = ['vllm', 'tensorrt-llm', 'tgi', 'llama.cpp', 'transformers', 'neuron'] as const;
export type Engine = (typeof engineIds)[number];
