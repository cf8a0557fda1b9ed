/**
 * The page's words for a plan's terms: the way a choice is paid for, the marks on derived and
 * indicative prices, and the estimate's uncertainty, for every pricing term the contract has.
 */
import { describe, expect, it } from 'vitest';
import { RecommendationSchema } from '../../lib/contract/plan.js';
import {
  isUncertain,
  marksOf,
  UNCERTAIN_FACTOR,
  uncertaintyCell,
  uncertaintyWords,
  wayNames,
  wayWords,
} from '../../web/src/words.js';

describe('Function: wayWords', () => {
  it.each([
    ['on-demand', undefined, 'on demand'],
    ['owned', undefined, 'your own hardware'],
    ['part-time', 8, 'part-time, 8 h a day'],
    ['reserved-1yr', undefined, '1-year reserved'],
    ['reserved-3yr', undefined, '3-year reserved'],
    ['savings-plan-3yr', undefined, '3-year Savings Plan'],
    ['spot', undefined, 'spot'],
  ])('should say %s (%s h) as "%s"', (option, hours, words) => {
    expect(wayWords(option, hours)).toBe(words);
  });

  it('should have words for every pricing term of the contract, not its code', () => {
    expect(Object.keys(wayNames).sort()).toEqual(
      [...RecommendationSchema.shape.purchaseOption.options].sort(),
    );
  });
});

describe('Function: marksOf', () => {
  it.each([
    [{}, ''],
    [{ priceDerived: true }, '~'],
    [{ priceIndicative: true }, '*'],
    [{ priceDerived: true, priceIndicative: true }, '~*'],
  ])('should mark %j as "%s"', (flags, marks) => {
    expect(marksOf(flags)).toBe(marks);
  });
});

describe('Function: uncertaintyWords', () => {
  it.each([
    [
      { family: 'gpu-decode', typicalErrorFactor: 1.2, cases: 4 },
      'typically within 1.2x; 4 published cases in this family (gpu-decode)',
      '1.2x (4 cases)',
      false,
    ],
    [
      { family: 'moe-throughput', typicalErrorFactor: 1.56, cases: 1 },
      'typically within 1.56x; 1 published case in this family (moe-throughput)',
      '1.56x (1 case)',
      true,
    ],
    [
      { family: 'neuron-throughput', typicalErrorFactor: 2, cases: 0 },
      'typically within 2x; no published case in this family (neuron-throughput) yet, so that is the uncalibrated prior',
      '2x (no cases)',
      true,
    ],
  ])('should say %j plainly', (u, sentence, cell, uncertain) => {
    expect(uncertaintyWords(u)).toBe(sentence);
    expect(uncertaintyCell(u)).toBe(cell);
    expect(isUncertain(u)).toBe(uncertain);
  });

  it('should call a family with cases below the threshold certain enough', () => {
    expect(isUncertain({ family: 'x', typicalErrorFactor: UNCERTAIN_FACTOR - 0.01, cases: 3 })).toBe(false);
  });
});
