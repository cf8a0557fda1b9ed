import { beforeEach, describe, expect, it } from 'vitest';
import {
  catalogRegions,
  classCommitmentRatios,
  commitmentRatiosFor,
  derivedCommitments,
  embeddedCatalog,
  familyCommitmentRatios,
  parsePriceListItem,
  parseReservedTerms,
} from '../../lib/catalog/index.js';
import { onDemandTerm, priceItem } from './fake-pricing-server.js';
import { hasReference, readReferenceText, skipReason } from './reference-data.js';

type Dimension = { unit: 'Hrs' | 'Quantity'; usd: string };

/** One Reserved term in the Price List's shape. */
function reservedTerm(
  sku: string,
  code: string,
  [lease, offeringClass, purchaseOption]: [string, string, string],
  dimensions: Dimension[],
) {
  return {
    [`${sku}.${code}`]: {
      priceDimensions: Object.fromEntries(
        dimensions.map((d, i) => [
          `${sku}.${code}.D${i}`,
          {
            unit: d.unit,
            description:
              d.unit === 'Hrs' ? 'Linux/UNIX (Amazon VPC), reserved instance applied' : 'Upfront Fee',
            appliesTo: [],
            rateCode: `${sku}.${code}.D${i}`,
            pricePerUnit: { USD: d.usd },
            ...(d.unit === 'Hrs' && { beginRange: '0', endRange: 'Inf' }),
          },
        ]),
      ),
      sku,
      effectiveDate: '2026-04-01T00:00:00Z',
      offerTermCode: code,
      termAttributes: {
        LeaseContractLength: lease,
        OfferingClass: offeringClass,
        PurchaseOption: purchaseOption,
      },
    },
  };
}

const sku = 'SKUTEST';
/** The m5.large Reserved terms (us-east-1, 2021), as the Price List publishes them. */
const m5LargeReserved = {
  ...reservedTerm(
    sku,
    '4NA7Y494T4',
    ['1yr', 'standard', 'No Upfront'],
    [{ unit: 'Hrs', usd: '0.0600000000' }],
  ),
  ...reservedTerm(
    sku,
    'HU7G6KETJZ',
    ['1yr', 'standard', 'Partial Upfront'],
    [
      { unit: 'Quantity', usd: '252' },
      { unit: 'Hrs', usd: '0.0290000000' },
    ],
  ),
  ...reservedTerm(
    sku,
    '6QCMYABX3D',
    ['1yr', 'standard', 'All Upfront'],
    [
      { unit: 'Quantity', usd: '494' },
      { unit: 'Hrs', usd: '0.0000000000' },
    ],
  ),
  ...reservedTerm(
    sku,
    '7NE97W5U4E',
    ['1yr', 'convertible', 'No Upfront'],
    [{ unit: 'Hrs', usd: '0.0710000000' }],
  ),
  ...reservedTerm(
    sku,
    'BPH4J8HBKS',
    ['3yr', 'standard', 'No Upfront'],
    [{ unit: 'Hrs', usd: '0.0410000000' }],
  ),
  ...reservedTerm(
    sku,
    'NQ3QZPMQV9',
    ['3yr', 'standard', 'All Upfront'],
    [
      { unit: 'Quantity', usd: '949' },
      { unit: 'Hrs', usd: '0.0000000000' },
    ],
  ),
  ...reservedTerm(
    sku,
    'Z2E3P23VKM',
    ['3yr', 'convertible', 'No Upfront'],
    [{ unit: 'Hrs', usd: '0.0490000000' }],
  ),
};

const m5LargeExpected = [
  {
    term: 'reserved-1yr',
    hourlyUsd: 0.06,
    paymentOption: 'No Upfront',
    derived: false,
    source: 'AWS Price List Reserved term 4NA7Y494T4 (1yr, standard, No Upfront)',
  },
  {
    term: 'reserved-3yr',
    hourlyUsd: 0.041,
    paymentOption: 'No Upfront',
    derived: false,
    source: 'AWS Price List Reserved term BPH4J8HBKS (3yr, standard, No Upfront)',
  },
];

describe('Function: parseReservedTerms', () => {
  it('should take the standard No Upfront rate per lease length, ignoring convertible and upfront options', () => {
    expect(
      parseReservedTerms({ OnDemand: onDemandTerm(sku, '0.096'), Reserved: m5LargeReserved }, 0.096),
    ).toEqual(m5LargeExpected);
  });

  it('should amortize upfront fees over the term hours when no No Upfront option is sold', () => {
    const terms = {
      Reserved: {
        ...reservedTerm(
          sku,
          'P1',
          ['1yr', 'standard', 'Partial Upfront'],
          [
            { unit: 'Quantity', usd: '252' },
            { unit: 'Hrs', usd: '0.0290000000' },
          ],
        ),
        ...reservedTerm(
          sku,
          'A1',
          ['1yr', 'standard', 'All Upfront'],
          [
            { unit: 'Quantity', usd: '494' },
            { unit: 'Hrs', usd: '0' },
          ],
        ),
        ...reservedTerm(
          sku,
          'A3',
          ['3 yr', 'standard', 'All Upfront'],
          [
            { unit: 'Quantity', usd: '949' },
            { unit: 'Hrs', usd: '0' },
          ],
        ),
      },
    };

    const prices = parseReservedTerms(terms, 0.096);

    expect(prices.map((p) => [p.term, p.paymentOption, p.hourlyUsd])).toEqual([
      ['reserved-1yr', 'Partial Upfront', Number((0.029 + 252 / 8760).toFixed(6))],
      ['reserved-3yr', 'All Upfront', Number((949 / 26_280).toFixed(6))],
    ]);
  });

  it('should fall back to a convertible offering when no standard one is sold', () => {
    const terms = {
      Reserved: reservedTerm(
        sku,
        'C1',
        ['1yr', 'convertible', 'No Upfront'],
        [{ unit: 'Hrs', usd: '0.071' }],
      ),
    };
    expect(parseReservedTerms(terms, 0.096)).toEqual([
      expect.objectContaining({
        term: 'reserved-1yr',
        hourlyUsd: 0.071,
        source: expect.stringMatching(/convertible/),
      }),
    ]);
  });

  it.each([
    ['no Reserved block', { OnDemand: {} }],
    ['not an object', 'oops'],
    [
      'an unknown lease length',
      { Reserved: reservedTerm(sku, 'X', ['5yr', 'standard', 'No Upfront'], [{ unit: 'Hrs', usd: '0.05' }]) },
    ],
    [
      'an unknown purchase option',
      {
        Reserved: reservedTerm(
          sku,
          'X',
          ['1yr', 'standard', 'Heavy Utilization'],
          [{ unit: 'Hrs', usd: '0.05' }],
        ),
      },
    ],
    [
      'a negative price',
      {
        Reserved: reservedTerm(sku, 'X', ['1yr', 'standard', 'No Upfront'], [{ unit: 'Hrs', usd: '-0.05' }]),
      },
    ],
    [
      'no hourly dimension',
      {
        Reserved: reservedTerm(
          sku,
          'X',
          ['1yr', 'standard', 'All Upfront'],
          [{ unit: 'Quantity', usd: '400' }],
        ),
      },
    ],
    [
      'a zero effective price',
      { Reserved: reservedTerm(sku, 'X', ['1yr', 'standard', 'No Upfront'], [{ unit: 'Hrs', usd: '0' }]) },
    ],
    [
      'a rate above on demand',
      { Reserved: reservedTerm(sku, 'X', ['1yr', 'standard', 'No Upfront'], [{ unit: 'Hrs', usd: '0.2' }]) },
    ],
  ])('should give no commitment for %s', (_case, terms) => {
    expect(parseReservedTerms(terms, 0.096)).toEqual([]);
  });

  it('should carry the Reserved prices on the parsed on-demand offer', () => {
    const item = priceItem({
      instanceType: 'm5.large',
      usd: '0.096',
      terms: (s) => ({ OnDemand: onDemandTerm(s, '0.0960000000'), Reserved: m5LargeReserved }),
    });
    const result = parsePriceListItem(JSON.stringify(item));
    expect(result.ok && result.offer.commitments).toEqual(m5LargeExpected);
  });

  describe('the real m5.large GetProducts item', () => {
    beforeEach((ctx) => {
      if (!hasReference) ctx.skip(skipReason);
    });

    it('should read 1-yr 0.060 and 3-yr 0.041 USD/h (standard, No Upfront) from its twelve Reserved terms', () => {
      const item = new String(
        readReferenceText('getproducts_pricelist_item_m5.large_us-east-1_ec2-instance-selector.json'),
      );
      const result = parsePriceListItem(item);
      expect(result.ok && result.offer.onDemandHourlyUsd).toBe(0.096);
      expect(result.ok && result.offer.commitments).toEqual(m5LargeExpected);
    });
  });
});

describe('Embedded commitment prices', () => {
  it('should give every priced instance in every region a derived 1-yr and 3-yr price, below on demand', async () => {
    for (const region of catalogRegions) {
      const { instances } = await embeddedCatalog.getRegion(region);
      for (const i of instances) {
        const ratios = commitmentRatiosFor(i.family, i.acceleratorKind);
        if (i.onDemandHourlyUsd === undefined || ratios === null) {
          expect(i.commitments, `${i.instanceType} ${region}`).toBeUndefined();
          continue;
        }
        expect(
          i.commitments?.map((c) => c.term),
          `${i.instanceType} ${region}`,
        ).toEqual(['reserved-1yr', 'reserved-3yr']);
        for (const c of i.commitments ?? []) {
          expect(c).toMatchObject({ derived: true, paymentOption: 'No Upfront' });
          expect(c.hourlyUsd).toBeLessThan(i.onDemandHourlyUsd);
          expect(c.source).toMatch(/^derived: on demand x 0\.\d+ \(.+\)$/);
        }
        const [oneYear, threeYear] = i.commitments ?? [];
        expect(threeYear?.hourlyUsd).toBeLessThan(oneYear?.hourlyUsd ?? 0);
      }
    }
  });

  it.each([
    // instance, region, 1-yr, 3-yr: on demand x the family's documented ratio
    ['m5.large', 'us-east-1', 0.096 * 0.625, 0.096 * 0.4271], // the Price List item's own ratios
    ['g5.xlarge', 'us-east-1', 1.006 * 0.63, 1.006 * 0.432],
    ['g5.2xlarge', 'eu-west-1', 1.35296 * 0.63, 1.35296 * 0.432], // on the real regional price
    ['p4d.24xlarge', 'us-east-1', 21.957642 * 0.634, 21.957642 * 0.432],
    ['m7i.large', 'us-east-1', 0.1008 * 0.6615, 0.1008 * 0.4536],
  ])('should price %s in %s at the family ratio', async (type, region, oneYear, threeYear) => {
    const { instances } = await embeddedCatalog.getRegion(region);
    const [a, b] = instances.find((i) => i.instanceType === type)?.commitments ?? [];
    expect(a?.hourlyUsd).toBeCloseTo(oneYear, 5);
    expect(b?.hourlyUsd).toBeCloseTo(threeYear, 5);
  });

  it('should list no Reserved price for families not sold as Reserved Instances, nor for unpriced types', async () => {
    const { instances } = await embeddedCatalog.getRegion('us-east-1');
    for (const type of ['p5.48xlarge', 'p6-b200.48xlarge', 'p5e.48xlarge', 'trn2.48xlarge']) {
      expect(instances.find((i) => i.instanceType === type)?.commitments, type).toBeUndefined();
    }
  });

  it('should document every ratio with a source and keep them plausible', () => {
    const rows = [...Object.values(classCommitmentRatios), ...Object.values(familyCommitmentRatios)].filter(
      (r) => r !== null,
    );
    for (const r of rows) {
      expect(r.source.length).toBeGreaterThan(20);
      expect(r.summary.length).toBeGreaterThan(10);
      // Published standard No Upfront RIs save roughly 30-45% over 1 year and 50-65% over 3 years.
      expect(r.reserved1yr).toBeGreaterThan(0.55);
      expect(r.reserved1yr).toBeLessThan(0.75);
      expect(r.reserved3yr).toBeGreaterThan(0.35);
      expect(r.reserved3yr).toBeLessThan(r.reserved1yr);
    }
  });

  it('should derive nothing for a family known not to be sold as Reserved Instances', () => {
    expect(derivedCommitments('p5', 'gpu', 55.04)).toEqual([]);
    expect(derivedCommitments('g6', 'gpu', 0.8048).map((c) => c.hourlyUsd)).toEqual([0.50702, 0.34767]);
  });
});
