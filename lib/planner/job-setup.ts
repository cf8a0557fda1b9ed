/**
 * Time a job spends before its first token on each instance: starting it and reading the weights
 * (see JOB_START_MINUTES). It is billed and counts against the deadline, so a short job does not
 * price a 10-second run on the largest instance as if it started warm.
 */
import { JOB_START_MINUTES, WEIGHT_LOAD_GB_PER_SECOND } from './defaults.js';

/** Hours to start an instance and load `weightBytesPerInstance` (the instances load in parallel). */
export function jobSetupHours(weightBytesPerInstance: number): number {
  const loadSeconds = weightBytesPerInstance / (WEIGHT_LOAD_GB_PER_SECOND * 1e9);
  return JOB_START_MINUTES / 60 + loadSeconds / 3600;
}
