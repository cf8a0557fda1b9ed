import { describe, expect, it } from 'vitest';
import {
  bedrockModelMappings,
  displayNameKey,
  findBedrockModel,
  managedPresets,
  managedPricesFromRows,
  parseBedrockPriceItem,
} from '../../lib/catalog/index.js';
import { modelPresets } from '../../lib/model/presets.js';
import { bedrockCatalogItems, bedrockItem } from './fake-pricing-server.js';

describe('Function: parseBedrockPriceItem', () => {
  it('should read a per-1K-token on-demand row as USD per million tokens', () => {
    const item = bedrockItem({
      model: 'Llama 3.1 8B Instruct',
      usagetypeKey: 'Llama3-1-8B',
      usd: '0.0002200000',
    });

    expect(parseBedrockPriceItem(new String(JSON.stringify(item)))).toEqual({
      ok: true,
      row: {
        model: 'Llama 3.1 8B Instruct',
        provider: 'Meta',
        region: 'us-east-1',
        direction: 'input',
        kind: 'on-demand',
        perMillionUsd: 0.22,
        usagetype: 'USE1-Llama3-1-8B-input-tokens',
        effectiveDate: '2026-07-01T00:00:00Z',
      },
    });
  });

  it.each([
    ['1K tokens', '0.00072', 0.72],
    ['1M tokens', '0.72', 0.72],
    ['Tokens', '0.00000072', 0.72],
    ['1K Input Tokens', '0.00072', 0.72],
  ])('should convert a price per %s', (unit, usd, perMillion) => {
    const result = parseBedrockPriceItem(bedrockItem({ model: 'Llama 3.1 70B', usd, unit }));
    expect(result.ok && result.row.perMillionUsd).toBe(perMillion);
  });

  it('should read the direction from the usage type when a product has no inferenceType', () => {
    const item = bedrockItem({
      model: 'meta.llama3-1-8b-instruct-v1:0',
      inferenceType: 'Output tokens',
      usd: '0.22',
      unit: '1M tokens',
    });
    delete (item.product.attributes as Record<string, string>).inferenceType;
    delete (item.product.attributes as Record<string, string>).feature;
    const result = parseBedrockPriceItem(item);
    expect(result.ok && [result.row.direction, result.row.perMillionUsd]).toEqual(['output', 0.22]);
  });

  it('should keep batch rows apart from on-demand ones', () => {
    const result = parseBedrockPriceItem(
      bedrockItem({
        model: 'Mixtral 8x7B Instruct',
        feature: 'Batch Inference',
        inferenceType: 'Batch output tokens',
        usd: '0.00035',
      }),
    );
    expect(result.ok && [result.row.kind, result.row.direction, result.row.perMillionUsd]).toEqual([
      'batch',
      'output',
      0.35,
    ]);
  });

  it.each([
    [{ inferenceType: 'Input tokens flex' }, 'flex tier'],
    [{ inferenceType: 'Input tokens', attributes: { serviceTier: 'priority' } }, 'priority tier'],
    [{ inferenceType: 'Output tokens latency optimized' }, 'latency-optimized inference'],
    [
      { feature: 'Provisioned Throughput', inferenceType: 'Model units', unit: 'Hrs' },
      'provisioned throughput',
    ],
    [{ inferenceType: 'Prompt cache read input tokens' }, 'prompt cache read or write'],
    [{ inferenceType: 'Prompt cache write input tokens' }, 'prompt cache read or write'],
    [{ inferenceType: 'Cross-region global input tokens' }, 'cross-region inference'],
    [
      { inferenceType: 'Input tokens', attributes: { usagetype: 'USE1-Llama3-1-8B-geo-input-tokens' } },
      'cross-region inference',
    ],
    [{ feature: 'Model Customization', inferenceType: 'Input tokens' }, 'model customization'],
    [{ feature: 'Custom Model Storage', inferenceType: 'Input tokens' }, 'model customization'],
    [{ inferenceType: 'Input Image Count' }, 'not a text token price'],
    [{ inferenceType: 'Input tokens', attributes: { serviceTier: 'reserved' } }, 'reserved tier'],
    [{ inferenceType: 'Requests' }, 'not an input or output token price'],
    [{ inferenceType: 'Input tokens', feature: 'Knowledge Bases' }, 'feature Knowledge Bases'],
    [{ inferenceType: 'Input tokens', unit: 'Hrs' }, 'unit Hrs is not per token'],
  ])('should reject the decoy %o: %s', (overrides, reason) => {
    const item = bedrockItem({ model: 'Llama 3.1 8B Instruct', usd: '0.0002', ...overrides });
    expect(parseBedrockPriceItem(item)).toEqual({ ok: false, reason });
  });

  it.each([
    ['not JSON', 'not json', 'not a JSON object'],
    ['no attributes', '{"product":{}}', 'no product attributes'],
    [
      'another service',
      JSON.stringify({ ...bedrockItem({ model: 'X', usd: '1' }), serviceCode: 'AmazonEC2' }),
      'service code AmazonEC2 is not a Bedrock offer',
    ],
    ['no model', JSON.stringify(bedrockItem({ model: '', usd: '1' })), 'no model attribute'],
    [
      'no region',
      JSON.stringify(bedrockItem({ model: 'X', usd: '1', attributes: { regionCode: '' } })),
      'no regionCode',
    ],
    ['no terms', JSON.stringify({ ...bedrockItem({ model: 'X', usd: '1' }), terms: {} }), 'no OnDemand term'],
    [
      'a zero price',
      JSON.stringify(bedrockItem({ model: 'X', usd: '0' })),
      'OnDemand term has no positive USD price',
    ],
    [
      'a price that is not a number',
      JSON.stringify(bedrockItem({ model: 'X', usd: 'NaN' })),
      'OnDemand term has no positive USD price',
    ],
  ])('should reject an item with %s', (_case, item, reason) => {
    expect(parseBedrockPriceItem(item)).toEqual({ ok: false, reason });
  });
});

describe('Bedrock model mapping', () => {
  it.each([
    ['Llama 3.1 8B Instruct', 'llama-3.1-8b', 'meta.llama3-1-8b-instruct-v1:0'],
    ['Llama 3.1 8B', 'llama-3.1-8b', 'meta.llama3-1-8b-instruct-v1:0'],
    ['llama 3.1 8b instruct', 'llama-3.1-8b', 'meta.llama3-1-8b-instruct-v1:0'],
    ['meta.llama3-1-8b-instruct-v1:0', 'llama-3.1-8b', 'meta.llama3-1-8b-instruct-v1:0'],
    ['Llama 3.3 70B Instruct', 'llama-3.1-70b', 'meta.llama3-3-70b-instruct-v1:0'],
    ['Llama 3.1 70B', 'llama-3.1-70b', 'meta.llama3-1-70b-instruct-v1:0'],
    ['Mixtral 8x7B Instruct', 'mixtral-8x7b', 'mistral.mixtral-8x7b-instruct-v0:1'],
    ['Mistral 7B Instruct', 'mistral-7b', 'mistral.mistral-7b-instruct-v0:2'],
    ['DeepSeek-V3.1', 'deepseek-v3', 'deepseek.v3-v1:0'],
  ])('should map %s to the %s preset', (name, preset, modelId) => {
    expect(findBedrockModel(name)).toMatchObject({ preset, modelId });
  });

  it.each([
    'Nova Micro',
    'Llama 3.2 11B Instruct',
    'Llama 3 8B Instruct',
    'Claude 3 Haiku',
    'DeepSeek-R1',
    'Mistral Large 2407',
  ])('should not map %s (no preset with its architecture)', (name) => {
    expect(findBedrockModel(name)).toBeUndefined();
  });

  it('should name only presets that exist, each model id once', () => {
    const presets = new Set(modelPresets.map((p) => p.id));
    for (const m of bedrockModelMappings) expect(presets.has(m.preset), m.preset).toBe(true);
    const ids = bedrockModelMappings.map((m) => m.modelId);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = bedrockModelMappings.flatMap((m) => m.displayNames.map(displayNameKey));
    expect(new Set(keys).size).toBe(keys.length);
    expect(managedPresets()).toEqual([
      'llama-3.2-1b',
      'llama-3.2-3b',
      'llama-3.1-8b',
      'llama-3.1-70b',
      'llama-3.1-405b',
      'mistral-7b',
      'mixtral-8x7b',
      'deepseek-v3',
    ]);
  });
});

describe('Function: managedPricesFromRows', () => {
  const rows = bedrockCatalogItems().flatMap((item) => {
    const parsed = parseBedrockPriceItem(item);
    return parsed.ok ? [parsed.row] : [];
  });
  const options = { asOf: '2026-07-21T00:00:00.000Z', source: 'AWS Price List API (AmazonBedrock)' };

  it('should join input and output rows of the preset models, skipping decoys and models without a preset', () => {
    const prices = managedPricesFromRows('us-east-1', rows, options);

    expect(prices.map((p) => [p.model, p.modelId, p.inputPerMillionUsd, p.outputPerMillionUsd])).toEqual([
      ['llama-3.1-70b', 'meta.llama3-1-70b-instruct-v1:0', 0.72, 0.72],
      ['llama-3.1-8b', 'meta.llama3-1-8b-instruct-v1:0', 0.22, 0.22],
      ['llama-3.2-3b', 'meta.llama3-2-3b-instruct-v1:0', 0.15, 0.15],
      ['mixtral-8x7b', 'mistral.mixtral-8x7b-instruct-v0:1', 0.45, 0.7],
    ]);
    expect(prices.find((p) => p.model === 'llama-3.1-8b')).toEqual({
      provider: 'amazon-bedrock',
      model: 'llama-3.1-8b',
      modelId: 'meta.llama3-1-8b-instruct-v1:0',
      displayName: 'Llama 3.1 8B Instruct',
      region: 'us-east-1',
      inputPerMillionUsd: 0.22,
      outputPerMillionUsd: 0.22,
      batchInputPerMillionUsd: 0.11,
      batchOutputPerMillionUsd: 0.11,
      batchDerived: true,
      asOf: '2026-07-21T00:00:00.000Z',
      source: 'AWS Price List API (AmazonBedrock); batch: on demand x 0.5 (Bedrock batch pricing)',
    });
  });

  it('should take published batch rows where both directions exist', () => {
    const mixtral = managedPricesFromRows('us-east-1', rows, options).find((p) => p.model === 'mixtral-8x7b');
    expect(mixtral).toMatchObject({
      batchInputPerMillionUsd: 0.225,
      batchOutputPerMillionUsd: 0.35,
      batchDerived: false,
    });
  });

  it('should answer only the asked region, with the note of a later release', () => {
    const prices = managedPricesFromRows('us-west-2', rows, options);
    expect(prices.map((p) => p.model)).toEqual(['deepseek-v3', 'llama-3.1-8b']);
    expect(prices[0]?.note).toMatch(/same architecture as DeepSeek-V3/);
    expect(managedPricesFromRows('eu-west-1', rows, options)).toEqual([]);
  });

  it('should leave out a model with only one direction priced', () => {
    const inputOnly = rows.filter((r) => !(r.model === 'Mixtral 8x7B Instruct' && r.direction === 'output'));
    expect(managedPricesFromRows('us-east-1', inputOnly, options).map((p) => p.model)).not.toContain(
      'mixtral-8x7b',
    );
  });
});
