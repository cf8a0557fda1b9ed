/**
 * Managed per token (DESIGN §8): the same open-weight model served by Amazon Bedrock on demand,
 * priced at the stated usage. It is the comparison that says where self-hosting stops paying off;
 * a custom architecture has no managed price.
 */
import type { ManagedModelPrice } from '../catalog/types.js';
import { HOURS_PER_MONTH } from './offers.js';

/** Days in a 730-hour month. */
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export interface ManagedOption {
  price: ManagedModelPrice;
  /** Batch inference prices (offline work), when the plan is a batch job. */
  batch: boolean;
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
  /** The month at the stated usage. */
  monthlyUsd: number;
  /** What one request a day costs a month: the slope of the managed line of the cost curve. */
  monthlyUsdPerDailyRequest: number;
}

/** Managed options for a preset at a usage, cheapest first. */
export function managedOptions(
  prices: readonly ManagedModelPrice[],
  presetId: string | undefined,
  usage: { requestsPerDay: number; inputTokens: number; outputTokens: number },
): ManagedOption[] {
  if (presetId === undefined) return [];
  return prices
    .filter((p) => p.model === presetId)
    .map((price) => {
      const perRequest =
        (usage.inputTokens * price.inputPerMillionUsd + usage.outputTokens * price.outputPerMillionUsd) / 1e6;
      const monthlyUsdPerDailyRequest = perRequest * DAYS_PER_MONTH;
      return {
        price,
        batch: false,
        inputPerMillionUsd: price.inputPerMillionUsd,
        outputPerMillionUsd: price.outputPerMillionUsd,
        monthlyUsd: monthlyUsdPerDailyRequest * usage.requestsPerDay,
        monthlyUsdPerDailyRequest,
      };
    })
    .sort((a, b) => a.monthlyUsd - b.monthlyUsd);
}
