/** The kinds of work an estimate covers, as the domain names them. */

export const fineTuningMethods = ['full', 'lora', 'qlora'] as const;
export type FineTuningMethod = (typeof fineTuningMethods)[number];

/** What limits an inference step (or the whole answer, when nothing fits). */
export const bottlenecks = [
  'memory-bandwidth',
  'compute',
  'interconnect',
  'overhead',
  'memory-capacity',
] as const;
export type Bottleneck = (typeof bottlenecks)[number];
