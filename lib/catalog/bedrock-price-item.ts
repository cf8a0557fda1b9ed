/**
 * Parsing of AWS Price List `GetProducts` items of the Amazon Bedrock offers (`AmazonBedrock`:
 * Amazon's own and openly licensed models, per 1K tokens; `AmazonBedrockFoundationModels`:
 * marketplace models, per 1M tokens). Pure: no SDK, no I/O.
 *
 * One product is one price: a model (`model` attribute: a display name such as "Llama 3.1 8B
 * Instruct", or a model id on newer products), a region (`regionCode`), a direction (`inferenceType`
 * "Input tokens" / "Output tokens", or a usage type ending in `-input-tokens` / `-output-tokens`)
 * and a term. Standard on-demand text rows are what the planner wants; batch rows are kept apart
 * (they price batch inference); flex, priority, latency-optimized, provisioned, reserved, cache
 * read/write, cross-region (global or geographic profiles), customization and training rows are
 * other products and are rejected with the reason.
 */

import { derivedBatchPrices } from './managed.js';
import { findBedrockModel } from './managed-models.js';
import type { ManagedModelPrice } from './types.js';

export type BedrockTokenDirection = 'input' | 'output';

/** One per-token price of one model in one region. */
export interface BedrockPriceRow {
  /** The `model` attribute as published (display name or model id). */
  model: string;
  provider?: string;
  region: string;
  direction: BedrockTokenDirection;
  /** `on-demand` standard tier, or `batch` inference. */
  kind: 'on-demand' | 'batch';
  perMillionUsd: number;
  usagetype?: string;
  /** The OnDemand term's effective date (ISO timestamp), when published. */
  effectiveDate?: string;
}

export type BedrockItemResult = { ok: true; row: BedrockPriceRow } | { ok: false; reason: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toDocument(item: unknown): Json | undefined {
  if (isObject(item) && !(item instanceof String)) return item;
  try {
    const parsed: unknown = JSON.parse(String(item));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The service codes whose products carry Bedrock model prices. */
export const bedrockServiceCodes = ['AmazonBedrock', 'AmazonBedrockFoundationModels'] as const;

/**
 * Words that mark a product other than standard on-demand text tokens, searched in `feature`,
 * `inferenceType`, `usagetype` and the service tier. Batch is handled apart.
 */
const decoys: readonly (readonly [RegExp, string])[] = [
  [/flex/, 'flex tier'],
  [/priority/, 'priority tier'],
  [/latency|optimi[sz]ed/, 'latency-optimized inference'],
  [/provisioned|model[\s-]?unit|commitment/, 'provisioned throughput'],
  [/reserved/, 'reserved tier'],
  [/cache/, 'prompt cache read or write'],
  [/cross[\s-]?region|global|\bgeo\b/, 'cross-region inference'],
  [/customi[sz]ation|custom[\s-]?model|fine[\s-]?tun|train|rft|distill/, 'model customization'],
  [/storage|per[\s-]?month/, 'storage'],
  [/image|video|audio|speech|embed|rerank|search|guardrail|grounding/, 'not a text token price'],
];

/** USD per unit → USD per million tokens, from the dimension's unit, or undefined for other units. */
function perMillion(unit: unknown, usd: number): number | undefined {
  const text = typeof unit === 'string' ? unit.trim().toLowerCase().replace(/\s+/g, ' ') : '';
  if (/^(1k|1,000|1000|thousand) (input |output )?tokens?$/.test(text)) return usd * 1_000;
  if (/^(1m|1,000,000|1000000|million) (input |output )?tokens?$/.test(text)) return usd;
  if (/^(input |output )?tokens?$/.test(text)) return usd * 1_000_000;
  return undefined;
}

function directionOf(inferenceType: string, usagetype: string): BedrockTokenDirection | undefined {
  const type = inferenceType.toLowerCase();
  if (/^(text )?input tokens?$|^batch input tokens?$|^input tokens? batch$/.test(type)) return 'input';
  if (/^(text )?output tokens?$|^batch output tokens?$|^output tokens? batch$/.test(type)) return 'output';
  if (type) return undefined;
  const usage = usagetype.toLowerCase();
  if (/-input-tokens?(-standard|-batch)?$/.test(usage)) return 'input';
  if (/-output-tokens?(-standard|-batch)?$/.test(usage)) return 'output';
  return undefined;
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * Parses one `PriceList` entry of a Bedrock `GetProducts` answer into a per-token price, or says why
 * it is not one the planner uses.
 *
 * @example
 * const result = parseBedrockPriceItem(response.PriceList[0]);
 * if (result.ok) console.log(result.row.model, result.row.direction, result.row.perMillionUsd);
 */
export function parseBedrockPriceItem(item: unknown): BedrockItemResult {
  const doc = toDocument(item);
  if (!doc) return { ok: false, reason: 'not a JSON object' };
  const product = isObject(doc.product) ? doc.product : undefined;
  const attributes = product && isObject(product.attributes) ? product.attributes : undefined;
  if (!attributes) return { ok: false, reason: 'no product attributes' };
  const serviceCode = str(doc.serviceCode) || str(attributes.servicecode);
  if (serviceCode && !(bedrockServiceCodes as readonly string[]).includes(serviceCode))
    return { ok: false, reason: `service code ${serviceCode} is not a Bedrock offer` };
  const model = str(attributes.model);
  if (!model) return { ok: false, reason: 'no model attribute' };
  const region = str(attributes.regionCode);
  if (!region) return { ok: false, reason: 'no regionCode' };

  const feature = str(attributes.feature);
  const inferenceType = str(attributes.inferenceType);
  const usagetype = str(attributes.usagetype);
  const tier = str(attributes.serviceTier) || str(attributes.service_tier);
  const text = [feature, inferenceType, usagetype, tier].join(' ').toLowerCase();
  for (const [pattern, reason] of decoys) if (pattern.test(text)) return { ok: false, reason };
  if (tier && tier.toLowerCase() !== 'standard') return { ok: false, reason: `service tier ${tier}` };
  const batch = /batch/.test(text);
  if (feature && !batch && feature.toLowerCase() !== 'on-demand inference')
    return { ok: false, reason: `feature ${feature}` };
  const direction = directionOf(inferenceType.replace(/\s+/g, ' '), usagetype);
  if (!direction) return { ok: false, reason: 'not an input or output token price' };

  const onDemand = isObject(doc.terms) ? doc.terms.OnDemand : undefined;
  if (!isObject(onDemand) || Object.keys(onDemand).length === 0)
    return { ok: false, reason: 'no OnDemand term' };
  for (const term of Object.values(onDemand)) {
    if (!isObject(term) || !isObject(term.priceDimensions)) continue;
    for (const dimension of Object.values(term.priceDimensions)) {
      if (!isObject(dimension) || !isObject(dimension.pricePerUnit)) continue;
      const usd = Number(str(dimension.pricePerUnit.USD) || Number.NaN);
      if (!Number.isFinite(usd) || usd <= 0) continue;
      const price = perMillion(dimension.unit, usd);
      if (price === undefined)
        return { ok: false, reason: `unit ${String(dimension.unit)} is not per token` };
      const provider = str(attributes.provider);
      return {
        ok: true,
        row: {
          model,
          ...(provider && { provider }),
          region,
          direction,
          kind: batch ? 'batch' : 'on-demand',
          perMillionUsd: Number(price.toPrecision(12)),
          ...(usagetype && { usagetype }),
          ...(typeof term.effectiveDate === 'string' && { effectiveDate: term.effectiveDate }),
        },
      };
    }
  }
  return { ok: false, reason: 'OnDemand term has no positive USD price' };
}

const roundUsd = (value: number) => Number(value.toFixed(6));

/**
 * Joins per-token rows of one region into managed prices of the models that have presets: one price
 * per Bedrock model with both an input and an output on-demand rate. Batch prices come from published
 * batch rows where both directions exist, else from on demand x 0.5 (`batchDerived: true`). Rows of
 * models without a preset are left out; a model priced twice keeps the lower rate per direction.
 */
export function managedPricesFromRows(
  region: string,
  rows: readonly BedrockPriceRow[],
  { asOf, source }: { asOf: string; source: string },
): ManagedModelPrice[] {
  const byModel = new Map<string, { displayName: string; rates: Map<string, number> }>();
  for (const row of rows) {
    if (row.region !== region) continue;
    const mapping = findBedrockModel(row.model);
    if (!mapping) continue;
    const entry = byModel.get(mapping.modelId) ?? { displayName: row.model, rates: new Map() };
    byModel.set(mapping.modelId, entry);
    const key = `${row.kind} ${row.direction}`;
    const seen = entry.rates.get(key);
    if (seen === undefined || row.perMillionUsd < seen) entry.rates.set(key, row.perMillionUsd);
  }
  const prices: ManagedModelPrice[] = [];
  for (const [modelId, { displayName, rates }] of byModel) {
    const mapping = findBedrockModel(modelId);
    const input = rates.get('on-demand input');
    const output = rates.get('on-demand output');
    if (!mapping || input === undefined || output === undefined) continue;
    const batchInput = rates.get('batch input');
    const batchOutput = rates.get('batch output');
    const batch =
      batchInput !== undefined && batchOutput !== undefined
        ? {
            batchInputPerMillionUsd: roundUsd(batchInput),
            batchOutputPerMillionUsd: roundUsd(batchOutput),
            batchDerived: false,
          }
        : derivedBatchPrices(input, output);
    prices.push({
      provider: 'amazon-bedrock',
      model: mapping.preset,
      modelId,
      displayName,
      region,
      inputPerMillionUsd: roundUsd(input),
      outputPerMillionUsd: roundUsd(output),
      ...batch,
      asOf,
      source: batch.batchDerived ? `${source}; batch: on demand x 0.5 (Bedrock batch pricing)` : source,
      ...(mapping.note && { note: mapping.note }),
    });
  }
  return prices.sort((a, b) => a.model.localeCompare(b.model) || a.modelId.localeCompare(b.modelId));
}
