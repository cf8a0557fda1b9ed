import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  catalogRegions,
  cheapestManagedPrice,
  embeddedCatalog,
  embeddedManagedCatalog,
  findBedrockModel,
  UnknownRegionError,
} from '../../lib/catalog/index.js';
import { hasReference, readReferenceCsv, repoRoot, skipReason } from './reference-data.js';

const priceOf = async (region: string, model: string) =>
  cheapestManagedPrice((await embeddedCatalog.getManagedPrices(region)).prices, model);

describe('Catalog: embedded managed (Amazon Bedrock) prices', () => {
  it('should price Llama 3.1 8B at 0.22 USD per million tokens in and out in us-east-1, batch at half', async () => {
    expect(await priceOf('us-east-1', 'llama-3.1-8b')).toEqual({
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
      asOf: '2025',
      source: expect.stringMatching(
        /^bedrock_on_demand_prices\.csv: aws\.amazon\.com\/bedrock\/pricing .*; batch: .*50%/,
      ),
    });
  });

  it('should offer DeepSeek-V3 only in us-west-2, as the V3.1 release, dated', async () => {
    for (const region of catalogRegions) {
      const price = await priceOf(region, 'deepseek-v3');
      if (region === 'us-west-2')
        expect(price).toMatchObject({
          modelId: 'deepseek.v3-v1:0',
          displayName: 'DeepSeek-V3.1',
          inputPerMillionUsd: 0.58,
          outputPerMillionUsd: 1.68,
          asOf: '2026-09',
          note: expect.stringMatching(/same architecture as DeepSeek-V3/),
        });
      else expect(price, region).toBeUndefined();
    }
  });

  it('should list both Llama 70B releases in us-east-1 and pick one price for the preset', async () => {
    const { prices } = await embeddedCatalog.getManagedPrices('us-east-1');
    expect(prices.filter((p) => p.model === 'llama-3.1-70b').map((p) => p.modelId)).toEqual([
      'meta.llama3-1-70b-instruct-v1:0',
      'meta.llama3-3-70b-instruct-v1:0',
    ]);
    expect((await priceOf('us-east-1', 'llama-3.1-70b'))?.inputPerMillionUsd).toBe(0.72);
  });

  it('should answer prices: [] in a region without a Bedrock row, not stale', async () => {
    const { prices, pricing } = await embeddedCatalog.getManagedPrices('eu-central-1');
    expect(prices).toEqual([]);
    expect(pricing).toEqual({
      source: 'embedded',
      asOf: '2026-09',
      region: 'eu-central-1',
      currency: 'USD',
      stale: false,
    });
  });

  it('should give no managed price to presets Bedrock does not serve', async () => {
    for (const model of ['qwen2.5-7b', 'gemma-2-9b', 'phi-3-mini'])
      expect(await priceOf('us-east-1', model)).toBeUndefined();
  });

  it('should keep every row consistent: its region, a mapped model, positive prices, a source and a date', () => {
    for (const region of catalogRegions) {
      for (const p of embeddedManagedCatalog(region).prices) {
        expect(p.region).toBe(region);
        expect(findBedrockModel(p.modelId)?.preset).toBe(p.model);
        expect(p.inputPerMillionUsd).toBeGreaterThan(0);
        expect(p.outputPerMillionUsd).toBeGreaterThanOrEqual(p.inputPerMillionUsd);
        expect(p.batchInputPerMillionUsd).toBe(p.inputPerMillionUsd / 2);
        expect(p.asOf).toMatch(/^\d{4}(-\d{2})?$/);
        expect(p.source.length).toBeGreaterThan(20);
      }
    }
  });

  it('should reject a region outside regions()', async () => {
    await expect(embeddedCatalog.getManagedPrices('mars-east-1')).rejects.toBeInstanceOf(UnknownRegionError);
  });

  it('should keep the committed table small', () => {
    expect(statSync(path.join(repoRoot, 'lib/catalog/managed-data.ts')).size).toBeLessThan(20_000);
  });

  describe('against the reference table', () => {
    beforeEach((ctx) => {
      if (!hasReference) ctx.skip(skipReason);
    });

    it('should carry every row of bedrock_on_demand_prices.csv', () => {
      for (const row of readReferenceCsv('bedrock_on_demand_prices.csv')) {
        const price = embeddedManagedCatalog(row.region ?? '').prices.find(
          (p) => p.modelId === row.bedrock_model_id,
        );
        expect(price, `${row.bedrock_model_id} ${row.region}`).toMatchObject({
          model: row.preset,
          inputPerMillionUsd: Number(row.input_usd_per_million_tokens),
          outputPerMillionUsd: Number(row.output_usd_per_million_tokens),
          asOf: row.as_of,
        });
      }
    });
  });
});

describe('Catalog build scripts without the reference data', () => {
  it.each(['scripts/build-embedded-catalog.ts', 'scripts/build-managed-catalog.ts'])(
    '%s should fail with one clear line and leave the committed file alone',
    (script) => {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', script, '--reference', '/nonexistent/reference'],
        {
          cwd: repoRoot,
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^build-(embedded|managed)-catalog: reference data not found at \/nonexistent\/reference \(pass --reference DIR\); the committed catalog is unchanged$/,
        ),
      ]);
    },
  );
});
