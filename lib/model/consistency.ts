/**
 * Numbers of an architecture that contradict each other. The estimator subtracts the embeddings and
 * the routed experts from the parameter counts; counts below what the shapes themselves hold would
 * make those differences negative (negative time per token, negative tokens/s). Such an
 * architecture is refused, naming the fields that disagree, rather than answered with impossible
 * numbers.
 *
 * The floors are deliberately loose: embeddings and attention projections only (no MLP, biases or
 * norms, whose layout varies), and no attention for multi-head latent attention, whose projections
 * are low-rank. A real checkpoint's count is always above them.
 */
import {
  attentionParameters,
  deriveParameterCount,
  embeddingParameters,
  everyTokenParameterFloor,
  type ModelArchitecture,
} from './architecture.js';

/** Published active-parameter counts are rounded: a floor they may undershoot by this much. */
const ROUNDING_SLACK = 0.95;

/** The largest parameter count the contract accepts (`parameters` is capped at it too). */
export const MAX_PARAMETERS = 1e14;

export interface ArchitectureContradiction {
  /** The field most likely wrong (`''`: the architecture as a whole). */
  field: keyof ModelArchitecture | '';
  message: string;
}

/** 5.25e8 style: the notation callers use for parameter counts. */
export function formatCount(n: number): string {
  if (Math.abs(n) < 10_000) return String(Math.round(n));
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  const mantissa = Number((n / 10 ** exponent).toPrecision(3));
  return mantissa === 10 ? `1e${exponent + 1}` : `${mantissa}e${exponent}`;
}

/** The total the shapes give when `parameters` is left out (as `resolveModel` derives it). */
export function derivedParameterCount(a: ModelArchitecture): number {
  return deriveParameterCount({
    layers: a.layers,
    hiddenSize: a.hiddenSize,
    attentionHeads: a.attentionHeads,
    kvHeads: a.kvHeads ?? a.attentionHeads,
    headDim: a.headDim ?? a.hiddenSize / a.attentionHeads,
    intermediateSize: a.intermediateSize ?? Math.ceil((8 * a.hiddenSize) / 3 / 256) * 256,
    vocabSize: a.vocabSize ?? 32_000,
    experts: a.experts,
    tiedEmbeddings: a.tiedEmbeddings ?? false,
  });
}

function embeddingsText(a: ModelArchitecture): string {
  const matrices = a.tiedEmbeddings ? '' : '2 x ';
  return `${matrices}vocabSize x hiddenSize = ${matrices}${a.vocabSize} x ${a.hiddenSize} = ${formatCount(embeddingParameters(a))}`;
}

/**
 * The contradictions between an architecture's numbers, each with the field to fix; empty when the
 * numbers are consistent. Assumes the structural rules hold (heads divisible, experts paired).
 *
 * @example
 * architectureContradictions({ parameters: 1e8, layers: 16, hiddenSize: 2048, attentionHeads: 32, vocabSize: 128_256 });
 * // [{ field: 'parameters', message: 'is 1e8, less than the embeddings alone ...' }]
 */
export function architectureContradictions(a: ModelArchitecture): ArchitectureContradiction[] {
  const out: ArchitectureContradiction[] = [];
  const derived = a.parameters === undefined ? derivedParameterCount(a) : undefined;
  if (derived !== undefined && derived > MAX_PARAMETERS) {
    out.push({
      field: '',
      message: `its shapes (layers, hiddenSize, intermediateSize, vocabSize${a.experts ? ', experts' : ''}) give ${formatCount(derived)} parameters, more than the ${formatCount(MAX_PARAMETERS)} a model may have (the limit of parameters)`,
    });
    return out;
  }
  const total = a.parameters ?? (derived as number);
  const floor = everyTokenParameterFloor(a);
  const attention =
    a.kvLatentDim === undefined
      ? ` and the attention projections of its ${a.layers} layers (${formatCount(attentionParameters(a))}, from hiddenSize, attentionHeads, kvHeads and headDim)`
      : '';
  const fix =
    'give the total count, embeddings included, or leave parameters out to derive it from the shapes';

  if (a.parameters !== undefined) {
    const embeddings = embeddingParameters(a);
    if (a.parameters < embeddings) {
      const tied = a.tiedEmbeddings ? '' : ' (set tiedEmbeddings: true if input and output share one matrix)';
      out.push({
        field: 'parameters',
        message: `is ${formatCount(a.parameters)}, less than the embeddings alone: ${embeddingsText(a)}${tied}; ${fix}`,
      });
      return out;
    }
    if (a.parameters < floor) {
      out.push({
        field: 'parameters',
        message: `is ${formatCount(a.parameters)}, less than the embeddings (${formatCount(embeddings)})${attention}: ${formatCount(floor)} in all; ${fix}`,
      });
      return out;
    }
  }

  if (a.activeParameters !== undefined) {
    const active = a.activeParameters;
    if (active > total) {
      out.push({
        field: 'activeParameters',
        message:
          a.parameters === undefined
            ? `is ${formatCount(active)}, more than the ${formatCount(total)} parameters its shapes give`
            : 'cannot exceed parameters',
      });
      return out;
    }
    const share = a.experts && a.expertsPerToken ? a.expertsPerToken / a.experts : 1;
    // Model cards count active parameters without the input embedding, a lookup rather than a
    // matmul (gpt-oss-120b: 5.1e9 active with its unembedding only), so the floor holds one matrix.
    const outputEmbedding = embeddingParameters(a) / (a.tiedEmbeddings ? 1 : 2);
    const activeFloor = floor - embeddingParameters(a) + outputEmbedding;
    // Total = shared + input embedding + experts, active = shared + share x experts, shared >= the
    // floor; model cards round these counts (gpt-oss-120b's 5.13e9 is quoted as 5.1e9), so 5% slack.
    const minimum = ROUNDING_SLACK * (activeFloor + (share < 1 ? share * (total - floor) : 0));
    if (active < minimum) {
      const routed =
        share < 1
          ? `, plus expertsPerToken / experts = ${a.expertsPerToken}/${a.experts} of the other ${formatCount(total - floor)} parameters`
          : '';
      out.push({
        field: 'activeParameters',
        message: `is ${formatCount(active)}, less than every token uses: the output embeddings (${formatCount(outputEmbedding)})${attention}${routed}, at least ${formatCount(minimum)}`,
      });
    }
  }
  return out;
}
