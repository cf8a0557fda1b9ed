import type { CpuGenerationId } from '../hardware/index.js';

/**
 * Price List `physicalProcessor` values → CPU generation, for instance types the embedded catalog
 * does not know (their family's row in `families.ts` wins otherwise). Model numbers are the ones AWS
 * publishes in the attribute (e.g. "Intel Xeon Platinum 8375C (Ice Lake)", "AWS Graviton3 Processor",
 * "AMD EPYC 7R13 Processor"). Older generations (Broadwell, Haswell, Graviton1, Naples) map to
 * nothing: such types are skipped rather than modelled with the wrong CPU.
 */
const processorPatterns: readonly (readonly [RegExp, CpuGenerationId])[] = [
  [/Graviton4/i, 'graviton4'],
  [/Graviton3/i, 'graviton3'],
  [/Graviton2/i, 'graviton2'],
  [/Xeon 6|Granite Rapids/i, 'granite-rapids'],
  // Emerald Rapids (5th gen) shares Sapphire Rapids' cores and AMX; lib/hardware has one row for both.
  [/8488C|8559C|Sapphire Rapids|Emerald Rapids/i, 'sapphire-rapids'],
  [/8375C|8352|Ice Lake/i, 'ice-lake'],
  [/8259CL|8275CL|8252C|Cascade Lake/i, 'cascade-lake'],
  [/8175M?|8124M?|8151|Skylake/i, 'skylake'],
  [/EPYC 9R45|Turin/i, 'turin'],
  [/EPYC 9R14|Genoa/i, 'genoa'],
  [/EPYC 7R13|Milan/i, 'milan'],
  [/EPYC 7R32|Rome/i, 'rome'],
];

/** The CPU generation a `physicalProcessor` string names, or undefined when it is not one we model. */
export function cpuGenerationOfProcessor(physicalProcessor: string): CpuGenerationId | undefined {
  return processorPatterns.find(([pattern]) => pattern.test(physicalProcessor))?.[1];
}
