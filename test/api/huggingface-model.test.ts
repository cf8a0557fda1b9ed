/**
 * `model: { huggingFace: <config.json> }` in the API and in the CLI (`--model-config`): the same
 * answer as the preset the file describes, and a 422 (exit 2) naming each missing key.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.js';
import { postJson, problemOf } from './fixtures.js';

const configPath = new URL('../model/huggingface/llama-3.1-8b.config.json', import.meta.url);
const llamaConfig = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
const workload = { kind: 'inference', inputTokens: 512, outputTokens: 256 };

describe('Model reference: huggingFace', () => {
  it('should plan a config.json like the preset it describes', async () => {
    // Act
    const [fromConfig, fromPreset] = await Promise.all([
      postJson('/v1/plans', { model: { huggingFace: llamaConfig }, workload }),
      postJson('/v1/plans', { model: 'llama-3.1-8b', workload }),
    ]);

    // Assess
    expect(fromConfig.status).toBe(200);
    const [a, b] = (await Promise.all([fromConfig.json(), fromPreset.json()])) as {
      recommendation: { instanceType: string; estimate: { memory: { perDeviceGiB: number } } };
    }[];
    expect(a?.recommendation.instanceType).toBe(b?.recommendation.instanceType);
    // Parameters are counted from the shapes (8.0303e9 against the model card's 8.03e9).
    expect(a?.recommendation.estimate.memory.perDeviceGiB).toBeCloseTo(
      b?.recommendation.estimate.memory.perDeviceGiB ?? 0,
      1,
    );
  });

  it('should answer 422 with one error per missing key at /model/huggingFace/<key>', async () => {
    const { num_hidden_layers: _, vocab_size: __, ...incomplete } = llamaConfig;

    const res = await postJson('/v1/estimates', {
      model: { huggingFace: incomplete },
      hardware: { instanceType: 'g5.xlarge' },
      workload,
    });

    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors).toEqual([
      { pointer: '/model/huggingFace/num_hidden_layers', message: 'missing: the number of layers' },
      { pointer: '/model/huggingFace/vocab_size', message: 'missing: the vocabulary size' },
    ]);
  });

  it('should point an inconsistent value at the config key it came from', async () => {
    const res = await postJson('/v1/plans', {
      model: { huggingFace: { ...llamaConfig, num_key_value_heads: 7 } },
      workload,
    });

    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors).toEqual([
      {
        pointer: '/model/huggingFace/num_key_value_heads',
        message: 'attentionHeads must be a multiple of kvHeads',
      },
    ]);
  });
});

describe('CLI: planner plan --model-config', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      readStdin: () => '',
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  it('should plan from a config.json file', async () => {
    const result = await run([
      'plan',
      '--model-config',
      configPath.pathname,
      '--input-tokens',
      '512',
      '--output-tokens',
      '256',
      '--json',
    ]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).recommendation.estimate.assumptions.model).toBe('LlamaForCausalLM');
  });

  it('should name the missing key and the flag, and exit 2', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'model-config-')), 'config.json');
    writeFileSync(path, JSON.stringify({ ...llamaConfig, hidden_size: undefined }));

    const result = await run([
      'plan',
      '--model-config',
      path,
      '--input-tokens',
      '512',
      '--output-tokens',
      '256',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  --model-config hidden_size: missing: the hidden size');
  });
});
