import { describe, expect, it } from 'vitest';
import {
  acceleratorIds,
  capabilitiesOf,
  headsPerShard,
  nativeComputePrecisions,
  runsAs,
  validTensorDegrees,
} from '../../lib/hardware/index.js';

describe('Table: accelerator capabilities', () => {
  it('should describe every accelerator, with a source', () => {
    for (const id of acceleratorIds) expect(capabilitiesOf(id)?.source.length, id).toBeGreaterThan(20);
    expect(capabilitiesOf('gtx-1080')).toBeUndefined();
  });

  it.each(['t4', 'v100', 'v100-32gb'])('%s has no BF16 units: bf16 runs as fp16', (id) => {
    expect(nativeComputePrecisions(id)).not.toContain('bf16');
    expect(nativeComputePrecisions(id)).toContain('fp16');
    expect(runsAs(id, 'bf16')).toBe('fp16');
  });

  it('should compute FP8 only on Ada, Hopper, Blackwell and Neuron (cFP8)', () => {
    const fp8 = acceleratorIds.filter((id) => nativeComputePrecisions(id).includes('fp8'));
    const expected = [
      'l4',
      'l40s',
      'rtx-pro-4500',
      'rtx-pro-6000',
      'h100',
      'h200',
      'b200',
      'b300',
      'inferentia2',
      'trainium',
      'trainium2',
      'rtx-4060-ti-16gb',
      'rtx-4070-ti',
      'rtx-4070-ti-super',
      'rtx-4080',
      'rtx-4080-super',
      'rtx-4090',
      'rtx-5060-ti-16gb',
      'rtx-5070-ti',
      'rtx-5080',
      'rtx-5090',
    ];
    expect([...fp8].sort()).toEqual([...expected].sort());
    expect(runsAs('a100-80gb', 'fp8')).toBe('bf16');
    expect(runsAs('rtx-3090', 'fp8')).toBe('bf16');
  });

  it('should compute 16-bit and nothing narrower on Apple GPUs', () => {
    expect(nativeComputePrecisions('apple-m3-max')).toEqual(['fp32', 'fp16']);
    expect(runsAs('apple-m3-max', 'int8')).toBe('fp16');
    expect(capabilitiesOf('apple-m3-max')).toMatchObject({ poolable: false, maxTensorDevices: 1 });
  });

  it.each([
    { id: 'inferentia2', perDevice: 2, physicalPerDevice: 2 },
    { id: 'trainium', perDevice: 2, physicalPerDevice: 2 },
    { id: 'trainium2', perDevice: 4, physicalPerDevice: 8 },
    { id: 'h100', perDevice: 1, physicalPerDevice: 1 },
  ])('$id shards over $perDevice ranks per device', ({ id, perDevice, physicalPerDevice }) => {
    expect(capabilitiesOf(id)?.shardingUnit).toMatchObject({ perDevice, physicalPerDevice });
    expect(capabilitiesOf(id)?.padsAttentionHeads).toBe(perDevice > 1);
  });
});

describe('Function: validTensorDegrees', () => {
  // Neuron's docs count TP in NeuronCores; DESIGN §4 counts devices (chips).
  it.each([
    {
      instance: 'inf2.48xlarge',
      accelerator: 'inferentia2',
      devices: 12,
      heads: 64,
      degrees: [1, 2, 4, 6, 12],
    },
    { instance: 'inf2.24xlarge', accelerator: 'inferentia2', devices: 6, heads: 64, degrees: [1, 2, 4, 6] },
    { instance: 'trn1.32xlarge', accelerator: 'trainium', devices: 16, heads: 64, degrees: [1, 4, 16] },
    {
      instance: 'trn2.48xlarge',
      accelerator: 'trainium2',
      devices: 16,
      heads: 64,
      degrees: [1, 2, 4, 8, 16],
    },
    { instance: '8x H100', accelerator: 'h100', devices: 8, heads: 32, degrees: [1, 2, 4, 8] },
    { instance: '4x L4, 40 heads', accelerator: 'l4', devices: 4, heads: 40, degrees: [1, 2, 4] },
    { instance: 'a Mac', accelerator: 'apple-m2-ultra', devices: 1, heads: 64, degrees: [1] },
    { instance: 'a CPU instance', accelerator: undefined, devices: 1, heads: 32, degrees: [1] },
  ])('$instance ($heads heads): $degrees', ({ accelerator, devices, heads, degrees }) => {
    expect(validTensorDegrees({ accelerator, devices, attentionHeads: heads })).toEqual(degrees);
  });

  it('should accept TP 24 NeuronCores (12 chips) on inf2.48xlarge for 64 heads', () => {
    expect(
      validTensorDegrees({ accelerator: 'inferentia2', devices: 12, attentionHeads: 64, kvHeads: 8 }),
    ).toContain(12);
  });

  it('should accept TP 8 and 32 NeuronCores on trn1.32xlarge, TP 64 logical cores on trn2.48xlarge', () => {
    expect(validTensorDegrees({ accelerator: 'trainium', devices: 16, attentionHeads: 64 })).toEqual(
      expect.arrayContaining([4, 16]),
    );
    expect(validTensorDegrees({ accelerator: 'trainium2', devices: 16, attentionHeads: 64 })).toContain(16);
  });

  it('should refuse GPU TP 3 for 32 heads', () => {
    expect(validTensorDegrees({ accelerator: 'h100', devices: 4, attentionHeads: 32 })).not.toContain(3);
    expect(headsPerShard({ accelerator: 'h100', tensorDevices: 3, attentionHeads: 32 })).toMatchObject({
      valid: false,
      problem: expect.stringContaining('does not divide'),
    });
  });

  it('should allow GPU TP 3 where it divides the heads and KV heads', () => {
    expect(validTensorDegrees({ accelerator: 'l40s', devices: 4, attentionHeads: 24, kvHeads: 6 })).toEqual([
      1, 2, 3,
    ]);
  });

  it('should refuse a GPU degree that splits KV heads unevenly (vLLM: 40 heads, 8 KV heads, TP 5)', () => {
    expect(validTensorDegrees({ accelerator: 'h100', devices: 8, attentionHeads: 40, kvHeads: 8 })).toEqual([
      1, 2, 4, 8,
    ]);
  });

  it('should keep Neuron tensor parallelism within one instance', () => {
    expect(validTensorDegrees({ accelerator: 'trainium', devices: 32, attentionHeads: 64 })).toEqual([
      1, 4, 16,
    ]);
  });
});

describe('Function: headsPerShard', () => {
  it('should pad Llama 3 70B heads on inf2.48xlarge at TP 24 cores and replicate its KV heads', () => {
    const s = headsPerShard({
      accelerator: 'inferentia2',
      tensorDevices: 12,
      attentionHeads: 64,
      kvHeads: 8,
    });

    // 64 heads over 24 cores: 3 per core, 72 with padding, 6 per chip; 8 KV heads, one per core (3 copies).
    expect(s).toMatchObject({
      valid: true,
      ranks: 24,
      paddedAttentionHeads: 72,
      attentionHeadsPerDevice: 6,
      kvHeadsPerDevice: 2,
      kvReplication: 3,
    });
    expect(s.paddingFactor).toBeCloseTo(1.125);
  });

  it('should shard evenly on GPUs and replicate KV heads beyond their count', () => {
    expect(
      headsPerShard({ accelerator: 'h100', tensorDevices: 8, attentionHeads: 64, kvHeads: 8 }),
    ).toMatchObject({
      valid: true,
      attentionHeadsPerDevice: 8,
      kvHeadsPerDevice: 1,
      kvReplication: 1,
    });
    expect(
      headsPerShard({ accelerator: 'h100', tensorDevices: 8, attentionHeads: 32, kvHeads: 4 }),
    ).toMatchObject({
      kvHeadsPerDevice: 1,
      kvReplication: 2,
    });
  });
});
