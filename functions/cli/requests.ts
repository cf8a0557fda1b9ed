/**
 * The CLI's flags, one row each, and how they become request bodies.
 *
 * A row says which commands take the flag, where its value goes in the request (a JSON Pointer into
 * the POST /v1/plans or /v1/estimates body, or the instances query), how its text is read, which
 * workload kinds it applies to, and which command lists its valid values. Everything else follows
 * from the rows: parseArgs options, `--help`, the request body, and error lines that name the flag
 * (`missing --input-tokens`, `--model llama-8b: unknown model ...; did you mean ...`).
 *
 * Adding a flag is adding a row. Ranges and required fields stay the contract's (the zod schemas):
 * the CLI only turns text into JSON values and names the flag when the schema rejects one.
 */
import { readFileSync } from 'node:fs';
import { engineIds, precisionIds } from '../../lib/contract/schemas.js';

export type CommandName = 'estimate' | 'plan' | 'ui' | 'models' | 'accelerators' | 'instances' | 'regions';
export type WorkloadKind = 'inference' | 'training' | 'fine-tuning' | 'batch';
export const workloadKinds: readonly WorkloadKind[] = ['inference', 'training', 'fine-tuning', 'batch'];

/** The values parseArgs hands over, by flag name. */
export type Flags = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Where a flag's valid values come from when the value given is not one of them. */
export type Choices =
  | { kind: 'static'; noun: string; values: readonly string[] }
  /** Asked of the backend (in-process or the API); `command` lists them for the user. */
  | {
      kind: 'listed';
      noun: string;
      list: 'models' | 'accelerators' | 'instances' | 'regions';
      command: string;
    };

/**
 * How a flag's text becomes a JSON value:
 * - `string` as given; `number` a decimal or 1e9 form (underscores allowed: 1_000_000);
 * - `list` comma-separated strings; `true` a boolean flag that sets `true`;
 * - `{ constant }` a boolean flag that sets that value;
 * - a function for anything else (it throws `FlagValueError` for text it cannot read).
 */
export type ValueReader =
  | 'string'
  | 'number'
  | 'list'
  | 'true'
  | { constant: unknown }
  | ((text: string) => unknown);

export interface FlagRow {
  /** The flag without its dashes. */
  name: string;
  commands: readonly CommandName[];
  help: string;
  /** JSON Pointer of the field it sets; none for flags the CLI reads itself. */
  pointer?: string;
  value: ValueReader;
  /** Workload kinds it applies to (the pointer is under /workload); any kind when absent. */
  kinds?: readonly WorkloadKind[];
  /** Where the valid values are listed, for "did you mean" and the command to run. */
  choices?: Choices;
  /** What to say after "missing" when the field is required and left out; default the flag and its help. */
  missing?: string;
  /** Placeholder in --help; default from `value`. */
  placeholder?: string;
  /** The flag may be repeated (each occurrence is read by `value`, the results form an array). */
  multiple?: boolean;
}

/** A flag's text could not be read as its row asks. */
export class FlagValueError extends Error {}

function number(text: string): number {
  const cleaned = text.trim().replace(/_/g, '');
  const n = Number(cleaned);
  if (cleaned === '' || !Number.isFinite(n) || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned))
    throw new FlagValueError(`"${text}" is not a number`);
  return n;
}

/** `--model` is a preset id, or an inline architecture as JSON. */
function modelRef(text: string): unknown {
  if (!text.trim().startsWith('{')) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FlagValueError(`not valid JSON (${(error as Error).message})`);
  }
}

const numberOrMax = (text: string) => (text.trim() === 'max' ? 'max' : number(text));

/**
 * `--owned rtx-4090`, `--owned 2xrtx-3090` (two cards in one machine), `--owned apple-m3-max:64`
 * (a Mac with 64 GB): one machine the caller has.
 */
function ownedEntry(text: string): unknown {
  const match = /^(?:(\d+)x)?([a-z][a-z0-9.-]*)(?::(\d+(?:\.\d+)?))?$/i.exec(text.trim());
  if (!match?.[2]) {
    throw new FlagValueError(
      `"${text}" is not [<count>x]<accelerator>[:<memory GB>], e.g. 2xrtx-3090 or apple-m3-max:64`,
    );
  }
  return {
    accelerator: match[2],
    ...(match[1] !== undefined && { count: Number(match[1]) }),
    ...(match[3] !== undefined && { memoryGiB: Number(match[3]) }),
  };
}

/** A JSON file (`-` for stdin), parsed. */
function jsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new FlagValueError(`${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new FlagValueError(`${path} is not valid JSON`);
  }
}

const models: Choices = { kind: 'listed', noun: 'model', list: 'models', command: 'planner models' };
const instances: Choices = {
  kind: 'listed',
  noun: 'instance type',
  list: 'instances',
  command: 'planner instances',
};
const regions: Choices = { kind: 'listed', noun: 'region', list: 'regions', command: 'planner regions' };
const accelerators: Choices = {
  kind: 'listed',
  noun: 'accelerator',
  list: 'accelerators',
  command: 'planner accelerators',
};
const precisions: Choices = { kind: 'static', noun: 'precision', values: precisionIds };
const engines: Choices = { kind: 'static', noun: 'engine', values: engineIds };
const acceleratorKinds: Choices = {
  kind: 'static',
  noun: 'accelerator kind',
  values: ['cpu', 'gpu', 'neuron'],
};

const both: readonly CommandName[] = ['estimate', 'plan'];
const training: readonly WorkloadKind[] = ['training', 'fine-tuning'];
const hardwareMissing =
  '--instance <type> (planner instances lists them) or --accelerator <id> (planner accelerators)';

/** Every flag of every command but the common ones (--json, --url, --help, --body). */
export const flagRows: readonly FlagRow[] = [
  // What to run
  {
    name: 'model',
    placeholder: '<id|json>',
    commands: both,
    pointer: '/model',
    value: modelRef,
    choices: models,
    missing: '--model <id|json> (planner models lists the presets) or --model-config <config.json>',
    help: 'preset id or an architecture as JSON; planner models lists the presets',
  },
  {
    name: 'model-config',
    placeholder: '<config.json>',
    commands: both,
    pointer: '/model/huggingFace',
    value: jsonFile,
    help: "a model's Hugging Face config.json (- for stdin), instead of --model",
  },
  {
    name: 'precision',
    placeholder: '<format>',
    commands: both,
    pointer: '/precision',
    value: 'string',
    choices: { ...precisions, values: [...precisionIds, 'auto'] },
    help: 'weights: bf16 (default), fp16, fp8, int8, int4, nf4, q4_k_m, ...; plan also takes auto (may quantize)',
  },
  {
    name: 'kv-cache-precision',
    placeholder: '<format>',
    commands: ['estimate'],
    pointer: '/kvCachePrecision',
    value: 'string',
    choices: precisions,
    help: 'KV cache number format',
  },
  {
    name: 'engine',
    placeholder: '<name>',
    commands: both,
    pointer: '/engine',
    value: 'string',
    choices: engines,
    help: engineIds.join(', '),
  },
  // Where
  {
    name: 'port',
    placeholder: '<n>',
    commands: ['ui'],
    value: 'string',
    help: 'local port (default 3000; 0 for any free port)',
  },
  {
    name: 'region',
    placeholder: '<code>',
    commands: ['ui'],
    value: 'string',
    help: 'the API region (default: from the execute-api URL, else AWS_REGION)',
  },
  {
    name: 'region',
    placeholder: '<code>',
    commands: ['plan', 'instances'],
    pointer: '/region',
    value: 'string',
    choices: regions,
    help: 'AWS region, default us-east-1; planner regions lists them',
  },
  {
    name: 'instance',
    placeholder: '<type>',
    commands: ['estimate'],
    pointer: '/hardware/instanceType',
    value: 'string',
    choices: instances,
    missing: hardwareMissing,
    help: 'EC2 instance type, e.g. g5.xlarge; planner instances lists them',
  },
  {
    name: 'accelerator',
    placeholder: '<id>',
    commands: ['estimate'],
    pointer: '/hardware/accelerator',
    value: 'string',
    choices: accelerators,
    missing: hardwareMissing,
    help: 'accelerator id instead of an instance, e.g. h100; planner accelerators lists them',
  },
  {
    name: 'memory-gib',
    commands: ['estimate'],
    pointer: '/hardware/memoryGiB',
    value: 'number',
    help: 'with --accelerator on a Mac: its installed RAM, GB',
  },
  {
    name: 'owned',
    placeholder: '<[Nx]id[:GB]>',
    commands: ['plan'],
    pointer: '/owned',
    value: ownedEntry,
    multiple: true,
    help: 'hardware you have, repeatable: rtx-4090, 2xrtx-3090, apple-m3-max:64 (planner accelerators lists them)',
  },
  {
    name: 'count',
    commands: ['estimate'],
    pointer: '/hardware/count',
    value: 'number',
    help: 'instances, or accelerators with --accelerator; default 1',
  },
  {
    name: 'tensor',
    commands: ['estimate'],
    pointer: '/parallelism/tensor',
    value: 'number',
    help: 'tensor-parallel degree',
  },
  {
    name: 'pipeline',
    commands: ['estimate'],
    pointer: '/parallelism/pipeline',
    value: 'number',
    help: 'pipeline-parallel degree',
  },
  {
    name: 'data',
    commands: ['estimate'],
    pointer: '/parallelism/data',
    value: 'number',
    help: 'data-parallel degree',
  },
  {
    name: 'accelerator-kind',
    placeholder: '<kind>',
    commands: ['instances'],
    pointer: '/acceleratorKind',
    value: 'string',
    choices: acceleratorKinds,
    help: 'cpu, gpu or neuron',
  },
  // The workload
  {
    name: 'kind',
    placeholder: '<kind>',
    commands: ['plan'],
    pointer: '/workload/kind',
    value: 'string',
    choices: { kind: 'static', noun: 'workload kind', values: workloadKinds },
    help: 'inference (the default, or fine-tuning when --method is given), batch, training or fine-tuning',
  },
  {
    name: 'kind',
    placeholder: '<kind>',
    commands: ['estimate'],
    pointer: '/workload/kind',
    value: 'string',
    choices: { kind: 'static', noun: 'workload kind', values: workloadKinds.filter((k) => k !== 'batch') },
    help: 'inference (the default, or fine-tuning when --method is given), training or fine-tuning (batch jobs: planner plan)',
  },
  {
    name: 'input-tokens',
    commands: both,
    pointer: '/workload/inputTokens',
    value: 'number',
    kinds: ['inference', 'batch'],
    help: 'prompt tokens per request, e.g. 512',
  },
  {
    name: 'output-tokens',
    commands: both,
    pointer: '/workload/outputTokens',
    value: 'number',
    kinds: ['inference', 'batch'],
    help: 'generated tokens per request, e.g. 256',
  },
  {
    name: 'concurrency',
    placeholder: '<n|max>',
    commands: ['estimate'],
    pointer: '/workload/concurrency',
    value: numberOrMax,
    kinds: ['inference'],
    help: 'concurrent sequences, or max',
  },
  {
    name: 'rps',
    commands: ['plan'],
    pointer: '/workload/traffic/requestsPerSecond',
    value: 'number',
    kinds: ['inference'],
    help: 'requests per second',
  },
  {
    name: 'concurrent-requests',
    commands: ['plan'],
    pointer: '/workload/traffic/concurrentRequests',
    value: 'number',
    kinds: ['inference'],
    help: 'requests in flight',
  },
  {
    name: 'requests-per-day',
    commands: ['plan'],
    pointer: '/workload/traffic/requestsPerDay',
    value: 'number',
    kinds: ['inference'],
    help: 'requests per day',
  },
  {
    name: 'active-hours',
    commands: ['plan'],
    pointer: '/workload/traffic/activeHoursPerDay',
    value: 'number',
    kinds: ['inference'],
    help: 'hours a day it runs (default 24); fewer prices it part-time',
  },
  {
    name: 'peak-factor',
    commands: ['plan'],
    pointer: '/workload/traffic/peakFactor',
    value: 'number',
    kinds: ['inference'],
    help: 'peak over the average of --requests-per-day (default 2)',
  },
  {
    name: 'target-utilization',
    commands: ['plan'],
    pointer: '/workload/traffic/targetUtilization',
    value: 'number',
    kinds: ['inference'],
    help: 'most each replica of a fleet runs at, share of its capacity (default 0.8)',
  },
  {
    name: 'requests',
    commands: ['plan'],
    pointer: '/workload/requests',
    value: 'number',
    kinds: ['batch'],
    help: 'requests in the batch, e.g. 1e7',
  },
  {
    name: 'ttft-ms',
    commands: ['plan'],
    pointer: '/workload/slo/timeToFirstTokenMs',
    value: 'number',
    kinds: ['inference'],
    help: 'SLO: time to first token, ms',
  },
  {
    name: 'tpot-ms',
    commands: ['plan'],
    pointer: '/workload/slo/timePerOutputTokenMs',
    value: 'number',
    kinds: ['inference'],
    help: 'SLO: time per output token, ms',
  },
  {
    name: 'tokens',
    commands: both,
    pointer: '/workload/tokens',
    value: 'number',
    kinds: training,
    help: 'tokens to process, e.g. 1e9',
  },
  {
    name: 'method',
    placeholder: '<method>',
    commands: both,
    pointer: '/workload/method',
    value: 'string',
    kinds: ['fine-tuning'],
    choices: { kind: 'static', noun: 'fine-tuning method', values: ['full', 'lora', 'qlora'] },
    help: 'full, lora or qlora',
  },
  {
    name: 'sequence-length',
    commands: both,
    pointer: '/workload/sequenceLength',
    value: 'number',
    kinds: training,
    help: 'sequence length',
  },
  {
    name: 'deadline-hours',
    commands: ['plan'],
    pointer: '/workload/deadlineHours',
    value: 'number',
    kinds: [...training, 'batch'],
    help: 'deadline, hours',
  },
  {
    name: 'global-batch-tokens',
    commands: ['estimate'],
    pointer: '/workload/globalBatchTokens',
    value: 'number',
    kinds: ['training'],
    help: 'tokens per optimizer step',
  },
  {
    name: 'zero-stage',
    commands: ['estimate'],
    pointer: '/workload/zeroStage',
    value: 'number',
    kinds: ['training'],
    help: 'ZeRO stage 0-3',
  },
  {
    name: 'activation-checkpointing',
    commands: ['estimate'],
    pointer: '/workload/activationCheckpointing',
    value: 'true',
    kinds: ['training'],
    help: 'recompute activations',
  },
  {
    name: 'micro-batch-size',
    commands: ['estimate'],
    pointer: '/workload/microBatchSize',
    value: 'number',
    kinds: ['fine-tuning'],
    help: 'micro batch size',
  },
  {
    name: 'lora-rank',
    commands: ['estimate'],
    pointer: '/workload/loraRank',
    value: 'number',
    kinds: ['fine-tuning'],
    help: 'LoRA rank',
  },
  // Constraints
  {
    name: 'max-hourly-usd',
    commands: ['plan'],
    pointer: '/constraints/maxHourlyUsd',
    value: 'number',
    help: 'budget per hour, USD',
  },
  {
    name: 'kinds',
    placeholder: '<kind,...>',
    commands: ['plan'],
    pointer: '/constraints/acceleratorKinds',
    value: 'list',
    choices: acceleratorKinds,
    help: 'allowed accelerator kinds, comma-separated: cpu,gpu,neuron',
  },
  {
    name: 'instance-types',
    placeholder: '<type,...>',
    commands: ['plan'],
    pointer: '/constraints/instanceTypes',
    value: 'list',
    choices: instances,
    help: 'allowed instance types, comma-separated',
  },
  {
    name: 'ways',
    placeholder: '<way,...>',
    commands: ['plan'],
    pointer: '/constraints/ways',
    value: 'list',
    choices: { kind: 'static', noun: 'way', values: ['owned', 'instance', 'managed'] },
    help: 'ways to consider, comma-separated: owned,instance,managed (default all)',
  },
  {
    name: 'spot',
    commands: ['plan'],
    pointer: '/constraints/purchaseOption',
    value: { constant: 'spot' },
    help: 'price with spot instead of on-demand',
  },
];

const answering: readonly CommandName[] = [
  'estimate',
  'plan',
  'models',
  'accelerators',
  'instances',
  'regions',
];

/** Flags the CLI reads itself (no request field), after each command's own. */
export const commonRows: readonly FlagRow[] = [
  { name: 'json', commands: answering, value: 'true', help: 'print JSON instead of a table' },
  {
    name: 'url',
    placeholder: '<base-url>',
    commands: answering,
    value: 'string',
    help: 'call the HTTP API at this base URL instead of computing in-process',
  },
  {
    name: 'url',
    placeholder: '<base-url>',
    commands: ['ui'],
    value: 'string',
    help: "the deployed API (the stack's ApiUrl) to forward the page's calls to, signed; default in-process",
  },
  { name: 'help', commands: [...answering, 'ui'], value: 'true', help: 'show this help' },
];

/** `--body`: the estimate and plan commands take a whole request instead of flags. */
export const bodyRow: FlagRow = {
  name: 'body',
  placeholder: '<file|->',
  commands: both,
  value: 'string',
  help: 'a JSON file with the full request body (- for stdin); other request flags are ignored',
};

export const isBoolean = (row: FlagRow) => row.value === 'true' || typeof row.value === 'object';

/** The rows of one command, in table order, then `--body` and the common flags. */
export function rowsOf(command: CommandName): FlagRow[] {
  return [
    ...flagRows.filter((row) => row.commands.includes(command)),
    ...(bodyRow.commands.includes(command) ? [bodyRow] : []),
    ...commonRows.filter((row) => row.commands.includes(command)),
  ];
}

/** `--input-tokens <n>`: the flag as --help shows it. */
export function flagWithPlaceholder(row: FlagRow): string {
  const placeholder =
    row.placeholder ??
    (isBoolean(row) ? '' : row.value === 'number' ? '<n>' : row.value === 'list' ? '<a,b,...>' : '<value>');
  return `--${row.name}${placeholder ? ` ${placeholder}` : ''}`;
}

/** The flag and its help, prefixed with the workload kinds it applies to. */
export function helpLine(row: FlagRow): readonly [string, string] {
  const kinds = row.kinds ? `${row.kinds.join(', ')}: ` : '';
  return [`  ${flagWithPlaceholder(row)}`, `${kinds}${row.help}`];
}

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a JSON Pointer, or undefined. */
export function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const key of segments(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function setAt(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = segments(pointer);
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== 'object') current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys.at(-1) ?? ''] = value;
}

function read(row: FlagRow, raw: string | boolean): unknown {
  const { value } = row;
  if (value === 'true') return true;
  if (typeof value === 'object') return value.constant;
  const text = String(raw);
  if (value === 'string') return text;
  if (value === 'number') return number(text);
  if (value === 'list')
    return text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return value(text);
}

/** One line per flag that could not be read; the request is not sent. */
export class InvalidFlagsError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** The workload kind the flags describe: --kind, else fine-tuning when --method is given, else inference. */
export function workloadKindOf(flags: Flags): string {
  if (typeof flags.kind === 'string') return flags.kind;
  return flags.method !== undefined ? 'fine-tuning' : 'inference';
}

const isWorkloadKind = (kind: string): kind is WorkloadKind => (workloadKinds as string[]).includes(kind);

/**
 * The request body (or query) the flags of `command` describe, not yet validated.
 *
 * @throws InvalidFlagsError for text a row cannot read (`--input-tokens lots`), or a flag of another
 * workload kind (`--rps` on a training plan).
 */
export function requestFromFlags(command: CommandName, flags: Flags): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  const problems: string[] = [];
  const kind = workloadKindOf(flags);
  const rows = flagRows.filter((row) => row.commands.includes(command) && row.pointer);
  if (rows.some((row) => row.pointer?.startsWith('/workload/'))) setAt(request, '/workload/kind', kind);
  for (const row of rows) {
    const given = flags[row.name];
    if (given === undefined || given === false) continue;
    if (row.kinds && isWorkloadKind(kind) && !row.kinds.includes(kind)) {
      problems.push(
        `--${row.name} is for ${row.kinds.join(' or ')} workloads, and this one is ${kind} (--kind)`,
      );
      continue;
    }
    try {
      const value = Array.isArray(given) ? given.map((g) => read(row, g)) : read(row, given);
      setAt(request, row.pointer as string, value);
    } catch (error) {
      if (!(error instanceof FlagValueError)) throw error;
      problems.push(`--${row.name}: ${error.message}`);
    }
  }
  const given = rows.filter((row) => flags[row.name] !== undefined && flags[row.name] !== false);
  for (const [i, a] of given.entries()) {
    const b = given.slice(i + 1).find((other) => overlaps(a.pointer ?? '', other.pointer ?? ''));
    if (b) problems.push(`give --${a.name} or --${b.name}, not both`);
  }
  if (problems.length > 0) throw new InvalidFlagsError(problems);
  if (command === 'estimate') {
    // The one default the contract leaves to the caller: one accelerator unless --count says more.
    const hardware = (request.hardware ?? {}) as Record<string, unknown>;
    if (hardware.accelerator !== undefined && hardware.count === undefined) hardware.count = 1;
    request.hardware = hardware;
  }
  return request;
}

/** One pointer is the other or inside it: two flags that would set the same part of the request. */
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * The row whose field a JSON Pointer names, and what is left of the pointer inside that field:
 * `/workload/inputTokens` is `--input-tokens`, `/constraints/instanceTypes/2` is `--instance-types`
 * (`inside: ''`: a list element names its list), `/model/huggingFace/hidden_size` is
 * `--model-config` with `inside: 'hidden_size'`. Among rows that fit, the one given wins, then the
 * one that names the field most closely. When two flags set the same field, the one given wins.
 */
export function rowFor(
  pointer: string,
  command: CommandName,
  flags: Flags = {},
): { row: FlagRow; inside: string } | undefined {
  const candidates = flagRows
    .filter((row) => row.commands.includes(command) && row.pointer)
    .flatMap((row) => {
      const at = row.pointer as string;
      if (pointer === at || pointer.replace(/\/\d+$/, '') === at) return [{ row, inside: '' }];
      if (pointer.startsWith(`${at}/`))
        return [{ row, inside: segments(pointer.slice(at.length)).join('/') }];
      return [];
    });
  const given = candidates.filter(({ row }) => flags[row.name] !== undefined);
  const closest = (list: typeof candidates) => [...list].sort((a, b) => a.inside.length - b.inside.length)[0];
  return closest(given) ?? closest(candidates);
}
