/**
 * Command-line flags into request bodies. Flags mirror the request fields; values that are not
 * numbers stay strings so the contract's zod schema reports them with their JSON Pointer.
 */

export type Flags = Record<string, string | boolean | undefined>;

/** "512", "1e9", "0.5" become numbers; anything else is left for the schema to reject. */
function numberOrRaw(value: string | boolean | undefined): number | string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : value;
}

const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);
const list = (value: string | boolean | undefined) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()) : undefined;

/** Drop undefined fields and empty objects, so optional blocks appear only when a flag set them. */
function compact(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** `--model` is a preset id, or an inline architecture as JSON. */
function model(value: string | boolean | undefined): unknown {
  const s = str(value);
  if (s?.trim().startsWith('{')) {
    try {
      return JSON.parse(s);
    } catch {
      return s;
    }
  }
  return s;
}

function workloadKind(flags: Flags): string {
  return str(flags.kind) ?? (flags.method !== undefined ? 'fine-tuning' : 'inference');
}

/** The flags of `planner estimate` as a POST /v1/estimates body (not yet validated). */
export function estimateRequestFromFlags(flags: Flags): Record<string, unknown> {
  const kind = workloadKind(flags);
  const count = numberOrRaw(flags.count);
  const hardware =
    flags.accelerator !== undefined
      ? { accelerator: str(flags.accelerator), count: count ?? 1 }
      : compact({ instanceType: str(flags.instance), count });
  const concurrency = flags.concurrency === 'max' ? 'max' : numberOrRaw(flags.concurrency);
  const workload =
    kind === 'inference'
      ? {
          kind,
          inputTokens: numberOrRaw(flags['input-tokens']),
          outputTokens: numberOrRaw(flags['output-tokens']),
          concurrency,
        }
      : {
          kind,
          method: str(flags.method),
          tokens: numberOrRaw(flags.tokens),
          sequenceLength: numberOrRaw(flags['sequence-length']),
          ...(kind === 'training'
            ? {
                globalBatchTokens: numberOrRaw(flags['global-batch-tokens']),
                zeroStage: numberOrRaw(flags['zero-stage']),
                activationCheckpointing: flags['activation-checkpointing'] === true ? true : undefined,
              }
            : {
                microBatchSize: numberOrRaw(flags['micro-batch-size']),
                loraRank: numberOrRaw(flags['lora-rank']),
              }),
        };
  return compact({
    model: model(flags.model),
    precision: str(flags.precision),
    kvCachePrecision: str(flags['kv-cache-precision']),
    hardware: hardware ?? {},
    engine: str(flags.engine),
    parallelism: compact({
      tensor: numberOrRaw(flags.tensor),
      pipeline: numberOrRaw(flags.pipeline),
      data: numberOrRaw(flags.data),
    }),
    workload: compact(workload),
  }) as Record<string, unknown>;
}

/** The flags of `planner plan` as a POST /v1/plans body (not yet validated). */
export function planRequestFromFlags(flags: Flags): Record<string, unknown> {
  const kind = workloadKind(flags);
  const workload =
    kind === 'inference'
      ? {
          kind,
          inputTokens: numberOrRaw(flags['input-tokens']),
          outputTokens: numberOrRaw(flags['output-tokens']),
          traffic: compact({
            requestsPerSecond: numberOrRaw(flags.rps),
            concurrentRequests: numberOrRaw(flags['concurrent-requests']),
            requestsPerDay: numberOrRaw(flags['requests-per-day']),
          }),
          slo: compact({
            timeToFirstTokenMs: numberOrRaw(flags['ttft-ms']),
            timePerOutputTokenMs: numberOrRaw(flags['tpot-ms']),
          }),
        }
      : {
          kind,
          method: str(flags.method),
          tokens: numberOrRaw(flags.tokens),
          sequenceLength: numberOrRaw(flags['sequence-length']),
          deadlineHours: numberOrRaw(flags['deadline-hours']),
        };
  return compact({
    model: model(flags.model),
    precision: str(flags.precision),
    region: str(flags.region),
    engine: str(flags.engine),
    workload: compact(workload),
    constraints: compact({
      maxHourlyUsd: numberOrRaw(flags['max-hourly-usd']),
      acceleratorKinds: list(flags.kinds),
      instanceTypes: list(flags['instance-types']),
      purchaseOption: flags.spot === true ? 'spot' : undefined,
    }),
  }) as Record<string, unknown>;
}

/** Which flag sets the field at a JSON Pointer, to point people at what to change. */
const flagOfPointer: Record<string, string> = {
  '/model': '--model',
  '/precision': '--precision',
  '/kvCachePrecision': '--kv-cache-precision',
  '/region': '--region',
  '/engine': '--engine',
  '/hardware': '--instance or --accelerator',
  '/hardware/instanceType': '--instance',
  '/hardware/accelerator': '--accelerator',
  '/hardware/count': '--count',
  '/parallelism/tensor': '--tensor',
  '/parallelism/pipeline': '--pipeline',
  '/parallelism/data': '--data',
  '/workload/kind': '--kind',
  '/workload/inputTokens': '--input-tokens',
  '/workload/outputTokens': '--output-tokens',
  '/workload/concurrency': '--concurrency',
  '/workload/tokens': '--tokens',
  '/workload/method': '--method',
  '/workload/sequenceLength': '--sequence-length',
  '/workload/deadlineHours': '--deadline-hours',
  '/workload/microBatchSize': '--micro-batch-size',
  '/workload/loraRank': '--lora-rank',
  '/workload/zeroStage': '--zero-stage',
  '/workload/globalBatchTokens': '--global-batch-tokens',
  '/workload/traffic/requestsPerSecond': '--rps',
  '/workload/traffic/concurrentRequests': '--concurrent-requests',
  '/workload/traffic/requestsPerDay': '--requests-per-day',
  '/workload/slo/timeToFirstTokenMs': '--ttft-ms',
  '/workload/slo/timePerOutputTokenMs': '--tpot-ms',
  '/constraints/maxHourlyUsd': '--max-hourly-usd',
  '/constraints/acceleratorKinds': '--kinds',
  '/constraints/instanceTypes': '--instance-types',
  '/acceleratorKind': '--accelerator-kind',
};

export function flagFor(pointer: string): string | undefined {
  if (pointer.startsWith('/model/huggingFace/')) return `--model-config ${pointer.slice(19)}`;
  return flagOfPointer[pointer] ?? flagOfPointer[pointer.replace(/\/\d+$/, '')];
}
