/**
 * The form's values as a POST /v1/plans body, and back (for the link that reproduces a plan).
 * Pure, no DOM. Numbers the caller typed that are not numbers are sent as typed, so the API's
 * problem document names the field and the page shows its message next to it.
 */

export interface OwnedValues {
  accelerator: string;
  count: string;
  memoryGiB: string;
  label: string;
}

export interface FormValues {
  modelSource: 'preset' | 'config';
  model: string;
  modelConfig: string;
  precision: string;
  kind: string;
  method: string;
  inputTokens: string;
  outputTokens: string;
  requests: string;
  tokens: string;
  sequenceLength: string;
  deadlineHours: string;
  rate: string;
  rateUnit: 'second' | 'day';
  activeHours: string;
  ttftMs: string;
  tpotMs: string;
  region: string;
  maxHourlyUsd: string;
  /** constraints.purchaseOption: '' (on demand, the default) or 'spot'. */
  purchaseOption: string;
  owned: OwnedValues[];
}

export const defaultValues: FormValues = {
  modelSource: 'preset',
  model: 'llama-3.1-8b',
  modelConfig: '',
  precision: '',
  kind: 'inference',
  method: 'lora',
  inputTokens: '512',
  outputTokens: '256',
  requests: '',
  tokens: '',
  sequenceLength: '',
  deadlineHours: '',
  rate: '',
  rateUnit: 'second',
  activeHours: '',
  ttftMs: '',
  tpotMs: '',
  region: '',
  maxHourlyUsd: '',
  purchaseOption: '',
  owned: [],
};

/** A field the page could not turn into JSON before asking the API (the API never sees it). */
export class FormInputError extends Error {
  override readonly name = 'FormInputError';
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

/** "512", "1e9", " 0.5 " become numbers; anything else stays text for the API to reject. */
function numberOrText(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** Drops undefined members and returns undefined for an empty object. */
function compact(value: Json): Json | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function modelOf(values: FormValues): unknown {
  if (values.modelSource === 'preset') return values.model;
  const text = values.modelConfig.trim();
  if (text === '') throw new FormInputError('/model/huggingFace', 'paste a config.json or choose the file');
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new FormInputError('/model/huggingFace', `not valid JSON: ${(error as Error).message}`);
  }
  return { huggingFace: config };
}

function workloadOf(v: FormValues): Json {
  switch (v.kind) {
    case 'inference': {
      const rate = numberOrText(v.rate);
      return {
        kind: 'inference',
        inputTokens: numberOrText(v.inputTokens),
        outputTokens: numberOrText(v.outputTokens),
        traffic: compact({
          ...(rate !== undefined && {
            [v.rateUnit === 'day' ? 'requestsPerDay' : 'requestsPerSecond']: rate,
          }),
          activeHoursPerDay: numberOrText(v.activeHours),
        }),
        slo: compact({
          timeToFirstTokenMs: numberOrText(v.ttftMs),
          timePerOutputTokenMs: numberOrText(v.tpotMs),
        }),
      };
    }
    case 'batch':
      return {
        kind: 'batch',
        inputTokens: numberOrText(v.inputTokens),
        outputTokens: numberOrText(v.outputTokens),
        requests: numberOrText(v.requests),
        deadlineHours: numberOrText(v.deadlineHours),
      };
    case 'fine-tuning':
      return {
        kind: 'fine-tuning',
        method: v.method,
        tokens: numberOrText(v.tokens),
        sequenceLength: numberOrText(v.sequenceLength),
        deadlineHours: numberOrText(v.deadlineHours),
      };
    default:
      return {
        kind: v.kind,
        tokens: numberOrText(v.tokens),
        sequenceLength: numberOrText(v.sequenceLength),
        deadlineHours: numberOrText(v.deadlineHours),
      };
  }
}

/**
 * The request body for the form's values.
 *
 * @throws FormInputError when the pasted config.json is not JSON.
 */
export function planRequestOf(values: FormValues): Json {
  const owned = values.owned
    .filter((o) => o.accelerator !== '')
    .map((o) =>
      compact({
        accelerator: o.accelerator,
        count: numberOrText(o.count),
        memoryGiB: numberOrText(o.memoryGiB),
        label: o.label.trim() || undefined,
      }),
    );
  return compact({
    model: modelOf(values),
    precision: values.precision || undefined,
    region: values.region.trim() || undefined,
    workload: compact(workloadOf(values)),
    constraints: compact({
      maxHourlyUsd: numberOrText(values.maxHourlyUsd),
      purchaseOption: values.purchaseOption || undefined,
    }),
    ...(owned.length > 0 && { owned }),
  }) as Json;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The form values that produce `request`, and the parts of it the form cannot show (as JSON
 * Pointers), so the page can say they were left out.
 */
export function valuesOfRequest(request: unknown): { values: FormValues; ignored: string[] } {
  const values: FormValues = { ...defaultValues, owned: [] };
  const ignored: string[] = [];
  if (!isRecord(request)) return { values, ignored: [''] };
  const known = new Set(['model', 'precision', 'region', 'workload', 'constraints', 'owned']);
  for (const key of Object.keys(request)) if (!known.has(key)) ignored.push(`/${key}`);

  const model = request.model;
  if (typeof model === 'string') values.model = model;
  else if (isRecord(model) && 'huggingFace' in model) {
    values.modelSource = 'config';
    values.modelConfig = JSON.stringify(model.huggingFace, null, 2);
  } else if (model !== undefined) {
    // An inline architecture: shown as JSON in the config box would be a different request.
    ignored.push('/model');
  }
  values.precision = text(request.precision);
  values.region = text(request.region);

  const w = isRecord(request.workload) ? request.workload : {};
  values.kind = text(w.kind) || 'inference';
  values.method = text(w.method) || 'lora';
  values.inputTokens = text(w.inputTokens);
  values.outputTokens = text(w.outputTokens);
  values.requests = text(w.requests);
  values.tokens = text(w.tokens);
  values.sequenceLength = text(w.sequenceLength);
  values.deadlineHours = text(w.deadlineHours);
  const traffic = isRecord(w.traffic) ? w.traffic : {};
  if (traffic.requestsPerDay !== undefined) {
    values.rate = text(traffic.requestsPerDay);
    values.rateUnit = 'day';
  } else values.rate = text(traffic.requestsPerSecond);
  values.activeHours = text(traffic.activeHoursPerDay);
  const slo = isRecord(w.slo) ? w.slo : {};
  values.ttftMs = text(slo.timeToFirstTokenMs);
  values.tpotMs = text(slo.timePerOutputTokenMs);
  const formWorkloadKeys = new Set([
    'kind',
    'method',
    'inputTokens',
    'outputTokens',
    'requests',
    'tokens',
    'sequenceLength',
    'deadlineHours',
    'traffic',
    'slo',
  ]);
  for (const key of Object.keys(w)) if (!formWorkloadKeys.has(key)) ignored.push(`/workload/${key}`);
  for (const key of Object.keys(traffic)) {
    if (!['requestsPerDay', 'requestsPerSecond', 'activeHoursPerDay'].includes(key))
      ignored.push(`/workload/traffic/${key}`);
  }

  const constraints = isRecord(request.constraints) ? request.constraints : {};
  values.maxHourlyUsd = text(constraints.maxHourlyUsd);
  values.purchaseOption = text(constraints.purchaseOption);
  for (const key of Object.keys(constraints)) {
    if (!['maxHourlyUsd', 'purchaseOption'].includes(key)) ignored.push(`/constraints/${key}`);
  }

  if (Array.isArray(request.owned)) {
    values.owned = request.owned.filter(isRecord).map((o) => ({
      accelerator: text(o.accelerator),
      count: text(o.count),
      memoryGiB: text(o.memoryGiB),
      label: text(o.label),
    }));
  }
  return { values, ignored };
}

/** `?request=<JSON>`: the link that reproduces a plan. */
export function requestQuery(request: unknown): string {
  return `?${new URLSearchParams({ request: JSON.stringify(request) })}`;
}

export function requestFromQuery(search: string): unknown {
  const raw = new URLSearchParams(search).get('request');
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/**
 * The same request as a curl command line. With `target` (the deployed, IAM-protected API behind
 * `planner ui`), curl signs it with SigV4 from the caller's environment credentials.
 */
export function curlCommand(
  request: unknown,
  endpoint: string,
  target?: { url: string; region: string },
): string {
  const body = shellQuote(JSON.stringify(request));
  if (target) {
    const url = `${target.url.replace(/\/+$/, '')}/v1/plans`;
    return [
      `curl -s --aws-sigv4 ${shellQuote(`aws:amz:${target.region}:execute-api`)}`,
      `  --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-security-token: $AWS_SESSION_TOKEN"`,
      `  -H 'content-type: application/json' -d ${body} ${shellQuote(url)}`,
    ].join(' \\\n');
  }
  return `curl -s ${shellQuote(endpoint)} -H 'content-type: application/json' -d ${body}`;
}
