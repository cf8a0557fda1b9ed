/**
 * The plan's terms in the words people read: the way a choice is paid for, the marks on prices
 * that are derived or indicative, and how far to trust an estimate. Pure, no DOM.
 */
import { formatNumber } from './format.js';
import type { Uncertainty } from './types.js';

/** Each pricing term of the contract (recommendation.purchaseOption) in words. */
export const wayNames: Readonly<Record<string, string>> = {
  'on-demand': 'on demand',
  spot: 'spot',
  owned: 'your own hardware',
  'part-time': 'part-time',
  'reserved-1yr': '1-year reserved',
  'reserved-3yr': '3-year reserved',
  'savings-plan-1yr': '1-year Savings Plan',
  'savings-plan-3yr': '3-year Savings Plan',
};

/**
 * The pricing term in words; part-time says for how many hours a day.
 *
 * @example wayWords('part-time', 8) // "part-time, 8 h a day"
 */
export function wayWords(purchaseOption: string | undefined, activeHoursPerDay?: number): string {
  if (purchaseOption === undefined) return '';
  const words = wayNames[purchaseOption] ?? purchaseOption;
  return purchaseOption === 'part-time' && activeHoursPerDay !== undefined
    ? `${words}, ${formatNumber(activeHoursPerDay)} h a day`
    : words;
}

/** The marks the card and table put after a price, as the CLI does: ~ derived, * indicative. */
export const priceMarks = {
  derived: {
    mark: '~',
    words:
      'derived price: a regional factor or a typical commitment discount applied to a published price, not a published row',
  },
  indicative: {
    mark: '*',
    words: 'indicative price: a recent spot minimum, not a quote; spot can be interrupted',
  },
} as const;

export function marksOf(c: { priceDerived?: boolean; priceIndicative?: boolean }): string {
  return `${c.priceDerived ? priceMarks.derived.mark : ''}${c.priceIndicative ? priceMarks.indicative.mark : ''}`;
}

/** Families whose estimates are less certain than this are flagged in the table. */
export const UNCERTAIN_FACTOR = 1.5;

export const isUncertain = (u: Uncertainty) => u.cases === 0 || u.typicalErrorFactor >= UNCERTAIN_FACTOR;

const cases = (n: number) => (n === 1 ? '1 published case' : `${formatNumber(n)} published cases`);

/**
 * The estimate's uncertainty as a sentence for the card.
 *
 * @example uncertaintyWords({ family: 'gpu-decode', typicalErrorFactor: 1.2, cases: 4 })
 * // "typically within 1.2x; 4 published cases in this family (gpu-decode)"
 */
export function uncertaintyWords(u: Uncertainty): string {
  const within = `typically within ${formatNumber(u.typicalErrorFactor)}x`;
  return u.cases === 0
    ? `${within}; no published case in this family (${u.family}) yet, so that is the uncalibrated prior`
    : `${within}; ${cases(u.cases)} in this family (${u.family})`;
}

/** The same, short, for a table cell: "1.2x (4 cases)". */
export function uncertaintyCell(u: Uncertainty): string {
  return `${formatNumber(u.typicalErrorFactor)}x (${u.cases === 0 ? 'no cases' : u.cases === 1 ? '1 case' : `${formatNumber(u.cases)} cases`})`;
}
