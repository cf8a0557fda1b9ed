/**
 * Commitment prices for the embedded catalog: the on-demand price times a documented ratio per
 * family (or per price class where no family sample exists), flagged `derived: true`. The live Price
 * List source reads the real `Reserved` terms instead (reserved-terms.ts).
 *
 * Ratios are 1-yr and 3-yr standard Reserved Instance, No Upfront, over on demand (Linux, shared
 * tenancy). Published rates vary little across regions and sizes of a family (g5: 0.630 in
 * us-east-1, eu-west-1 and ap-south-1, for every size), so one ratio per family is applied to each
 * region's on-demand price. Savings Plans rates are not modelled: the EC2 Price List does not carry
 * them, and no per-family sample was found.
 */
import type { InstanceAcceleratorKind } from '../hardware/instances.js';
import type { CommitmentPrice } from './types.js';

export interface CommitmentRatios {
  /** 1-yr standard RI, No Upfront, as a fraction of on demand. */
  reserved1yr: number;
  /** 3-yr standard RI, No Upfront, as a fraction of on demand. */
  reserved3yr: number;
  /** Where the ratios come from, in full. */
  source: string;
  /** A short form of `source`, carried by each derived price. */
  summary: string;
}

const vantage2026 =
  'instances.vantage.sh EC2 data as republished in the public tsaol/aws-gpu repository (data/*_instances.js, 2026-08-26): 1-yr standard No Upfront over on demand, us-east-1';
const dl2q3yr =
  '3-yr: the only accelerated-family 3-yr standard No Upfront sample found, dl2q.24xlarge us-west-2 5.6192/8.9194 (1-yr, 0.630) and 3.8532/8.9194 (3-yr, 0.432), instances.vantage.sh raw data in tsaol/aws-gpu; assumed for GPU and Neuron families';

/** Price-class defaults, for families without a sample of their own. */
export const classCommitmentRatios: Readonly<Record<'cpu' | 'accelerator', CommitmentRatios>> = {
  cpu: {
    // The less generous of the two CPU samples (newer families are discounted slightly less than m5).
    reserved1yr: 0.6615,
    reserved3yr: 0.4536,
    summary: 'CPU default from m6a.xlarge, instances.vantage.sh 2026-10-01',
    source:
      'CPU default: m6a.xlarge us-east-1 0.11431 (1-yr) and 0.07838 (3-yr) over 0.1728 USD/h, instances.vantage.sh API capture of 2026-10-01 quoted in a public test fixture; m5.large from the Price List gives 0.625 and 0.427',
  },
  accelerator: {
    reserved1yr: 0.63,
    reserved3yr: 0.432,
    summary:
      'GPU/Neuron default from g4dn, g5, g6e, inf2 (1-yr) and dl2q (3-yr), instances.vantage.sh 2025-2026',
    source: `GPU/Neuron default: 1-yr 0.630 for g4dn, g5, g6e and inf2 alike (${vantage2026}); ${dl2q3yr}`,
  },
};

/** Families with a sample of their own, or known not to be sold as Reserved Instances (null). */
export const familyCommitmentRatios: Readonly<Record<string, CommitmentRatios | null>> = {
  m5: {
    reserved1yr: 0.625,
    reserved3yr: 0.4271,
    summary: 'm5.large Price List Reserved terms, 2021',
    source:
      'm5.large us-east-1 Price List item (2021): standard No Upfront 0.060 (1-yr) and 0.041 (3-yr) over 0.096 USD/h',
  },
  p4d: {
    reserved1yr: 0.634,
    reserved3yr: 0.432,
    summary: 'p4d.24xlarge 1-yr, instances.vantage.sh 2026-08-26; 3-yr GPU/Neuron default',
    source: `p4d.24xlarge 13.921094 over 21.957642 USD/h (${vantage2026}); ${dl2q3yr}`,
  },
  trn1: {
    reserved1yr: 0.6153,
    reserved3yr: 0.432,
    summary: 'trn1.32xlarge 1-yr, instances.vantage.sh 2026-08-26; 3-yr GPU/Neuron default',
    source: `trn1.32xlarge 13.22895 over 21.5 USD/h (${vantage2026}); ${dl2q3yr}`,
  },
  trn1n: {
    reserved1yr: 0.6153,
    reserved3yr: 0.432,
    summary: 'as trn1: trn1.32xlarge 1-yr, instances.vantage.sh 2026-08-26; 3-yr GPU/Neuron default',
    source: `as trn1 (same Trainium hosts): trn1.32xlarge 13.22895 over 21.5 USD/h (${vantage2026}); ${dl2q3yr}`,
  },
  // No Reserved Instance rate is listed for these in any region of the same data (2025-12 and
  // 2026-08): they are bought on demand, through Capacity Blocks or Savings Plans.
  p5: null,
  'p6-b200': null,
};

/** The ratios that apply to a family, or null when it is not sold as Reserved Instances. */
export function commitmentRatiosFor(
  family: string,
  acceleratorKind: InstanceAcceleratorKind,
): CommitmentRatios | null {
  const own = familyCommitmentRatios[family];
  if (own !== undefined) return own;
  return classCommitmentRatios[acceleratorKind === 'cpu' ? 'cpu' : 'accelerator'];
}

const roundUsd = (value: number) => Number(value.toFixed(5));

/**
 * Derived 1-yr and 3-yr commitment prices for an instance priced `onDemandHourlyUsd` on demand.
 *
 * @example
 * derivedCommitments('g5', 'gpu', 1.006); // [{ term: 'reserved-1yr', hourlyUsd: 0.63378, derived: true, ... }, ...]
 */
export function derivedCommitments(
  family: string,
  acceleratorKind: InstanceAcceleratorKind,
  onDemandHourlyUsd: number,
): CommitmentPrice[] {
  const ratios = commitmentRatiosFor(family, acceleratorKind);
  if (!ratios) return [];
  const row = (term: CommitmentPrice['term'], ratio: number): CommitmentPrice => ({
    term,
    hourlyUsd: roundUsd(onDemandHourlyUsd * ratio),
    paymentOption: 'No Upfront',
    derived: true,
    source: `derived: on demand x ${ratio} (${ratios.summary})`,
  });
  return [row('reserved-1yr', ratios.reserved1yr), row('reserved-3yr', ratios.reserved3yr)];
}
