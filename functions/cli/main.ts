/**
 * `planner`: the planner from a terminal. Builds the request from flags (or `--body`), validates it
 * with the contract's zod schemas, and answers in-process, or through the HTTP API with `--url`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ZodType } from 'zod';
import { acceleratorList, instanceList, modelList } from '../../lib/api/listings.js';
import { fieldErrors } from '../../lib/api/problems.js';
import { UnknownRegionError } from '../../lib/catalog/errors.js';
import { createCatalogSource } from '../../lib/catalog/create-source.js';
import type { CatalogSource } from '../../lib/catalog/types.js';
import {
  type AcceleratorList,
  createPlannerClient,
  type InstanceList,
  type InstanceListQuery,
  type ModelList,
  PlannerApiError,
} from '../../lib/client/index.js';
import { InputError } from '../../lib/contract/errors.js';
import { estimateV1 } from '../../lib/contract/estimates.js';
import {
  InstanceListQuerySchema,
  type PlanRequest,
  PlanRequestSchema,
  type PlanResponse,
} from '../../lib/contract/plan.js';
import { noFeasiblePlanProblem, planV1 } from '../../lib/contract/plans.js';
import {
  type EstimateRequest,
  EstimateRequestSchema,
  type EstimateResponse,
} from '../../lib/contract/schemas.js';
import { NoFeasiblePlanError } from '../../lib/planner/errors.js';
import { estimateRequestFromFlags, type Flags, flagFor, planRequestFromFlags } from './requests.js';
import { acceleratorsTable, estimateTable, instancesTable, modelsTable, planTable, table } from './tables.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  readStdin: () => readFileSync(0, 'utf8'),
};

/** Exit codes: 0 answered, 1 no answer (no feasible plan, service failure), 2 bad input or usage. */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}
class InvalidRequestError extends Error {
  constructor(readonly errors: { pointer: string; message: string }[]) {
    super('invalid request');
  }
}

type OptionSpec = { type: 'string' | 'boolean'; help: string };
const common: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'print JSON instead of a table' },
  url: { type: 'string', help: 'call the HTTP API at this base URL instead of computing in-process' },
  help: { type: 'boolean', help: 'show this help' },
};
const body = {
  body: {
    type: 'string',
    help: 'a JSON file with the full request body (- for stdin); other request flags are ignored',
  },
} as const;

const modelConfigOption: OptionSpec = {
  type: 'string',
  help: "a model's Hugging Face config.json (instead of --model)",
};

const commands = {
  estimate: {
    summary: 'Memory, latency and throughput (or training time) of one workload on given hardware',
    example:
      'planner estimate --model llama-3.1-8b --instance g5.xlarge --input-tokens 512 --output-tokens 256',
    options: {
      model: { type: 'string', help: 'preset id (see planner models) or an architecture as JSON' },
      'model-config': modelConfigOption,
      precision: { type: 'string', help: 'bf16 (default), fp16, fp8, int8, int4, nf4, q4_k_m, ...' },
      'kv-cache-precision': { type: 'string', help: 'KV cache number format' },
      instance: { type: 'string', help: 'EC2 instance type, e.g. g5.xlarge' },
      accelerator: { type: 'string', help: 'accelerator id instead of an instance, e.g. h100' },
      count: { type: 'string', help: 'instances, or accelerators with --accelerator' },
      engine: { type: 'string', help: 'vllm, tensorrt-llm, tgi, llama.cpp, transformers, neuron' },
      tensor: { type: 'string', help: 'tensor-parallel degree' },
      pipeline: { type: 'string', help: 'pipeline-parallel degree' },
      data: { type: 'string', help: 'data-parallel degree' },
      kind: { type: 'string', help: 'inference (default), training or fine-tuning' },
      'input-tokens': { type: 'string', help: 'inference: prompt tokens' },
      'output-tokens': { type: 'string', help: 'inference: generated tokens' },
      concurrency: { type: 'string', help: 'inference: concurrent sequences, or max' },
      tokens: { type: 'string', help: 'training / fine-tuning: tokens to process, e.g. 1e9' },
      method: { type: 'string', help: 'fine-tuning: full, lora or qlora' },
      'sequence-length': { type: 'string', help: 'training / fine-tuning sequence length' },
      'global-batch-tokens': { type: 'string', help: 'training: tokens per optimizer step' },
      'zero-stage': { type: 'string', help: 'training: ZeRO stage 0-3' },
      'activation-checkpointing': { type: 'boolean', help: 'training: recompute activations' },
      'micro-batch-size': { type: 'string', help: 'fine-tuning micro batch size' },
      'lora-rank': { type: 'string', help: 'fine-tuning LoRA rank' },
      ...body,
    },
  },
  plan: {
    summary: 'Recommend hardware and a deployment tier for a workload',
    example: 'planner plan --model llama-3.1-8b --input-tokens 512 --output-tokens 256 --rps 5 --tpot-ms 50',
    options: {
      model: { type: 'string', help: 'preset id (see planner models) or an architecture as JSON' },
      'model-config': modelConfigOption,
      precision: { type: 'string', help: 'auto (the planner may quantize), bf16, int8, int4, q4_k_m, ...' },
      region: { type: 'string', help: 'AWS region (default us-east-1)' },
      engine: { type: 'string', help: 'vllm, tensorrt-llm, tgi, llama.cpp, transformers, neuron' },
      kind: { type: 'string', help: 'inference (default), training or fine-tuning' },
      'input-tokens': { type: 'string', help: 'inference: prompt tokens' },
      'output-tokens': { type: 'string', help: 'inference: generated tokens' },
      rps: { type: 'string', help: 'inference: requests per second' },
      'concurrent-requests': { type: 'string', help: 'inference: requests in flight' },
      'requests-per-day': { type: 'string', help: 'inference: requests per day' },
      'ttft-ms': { type: 'string', help: 'inference SLO: time to first token, ms' },
      'tpot-ms': { type: 'string', help: 'inference SLO: time per output token, ms' },
      tokens: { type: 'string', help: 'training / fine-tuning: tokens to process, e.g. 1e9' },
      method: { type: 'string', help: 'fine-tuning: full, lora or qlora' },
      'sequence-length': { type: 'string', help: 'training / fine-tuning sequence length' },
      'deadline-hours': { type: 'string', help: 'training / fine-tuning deadline' },
      'max-hourly-usd': { type: 'string', help: 'budget per hour' },
      kinds: { type: 'string', help: 'allowed accelerator kinds, comma-separated: cpu,gpu,neuron' },
      'instance-types': { type: 'string', help: 'allowed instance types, comma-separated' },
      spot: { type: 'boolean', help: 'price with spot instead of on-demand' },
      ...body,
    },
  },
  ui: {
    summary: 'Open the plan explorer page locally (--url: a deployed API, calls signed with SigV4)',
    example: 'planner ui --url https://abc123.execute-api.us-east-1.amazonaws.com/',
    options: {
      region: { type: 'string', help: 'the API region (default: from the execute-api URL, else AWS_REGION)' },
      port: { type: 'string', help: 'local port (default 3000; 0 for any free port)' },
    },
  },
  models: { summary: 'List model presets', example: 'planner models --json', options: {} },
  accelerators: {
    summary: 'List accelerators and their specs',
    example: 'planner accelerators',
    options: {},
  },
  instances: {
    summary: 'List priced instances in a region',
    example: 'planner instances --region eu-west-1 --accelerator-kind gpu',
    options: {
      region: { type: 'string', help: 'AWS region (default us-east-1)' },
      'accelerator-kind': { type: 'string', help: 'cpu, gpu or neuron' },
    },
  },
} satisfies Record<string, { summary: string; example: string; options: Record<string, OptionSpec> }>;

type CommandName = keyof typeof commands;
const isCommand = (name: string | undefined): name is CommandName => name !== undefined && name in commands;

function usage(): string {
  const names = Object.entries(commands).map(([name, c]) => [`  ${name}`, c.summary] as const);
  return [
    'Usage: planner <command> [flags]',
    '',
    'Commands:',
    table(['', ''], names).split('\n').slice(2).join('\n'),
    '',
    'Run planner <command> --help for its flags. Add --json for JSON, --url <base> to use a running API.',
  ].join('\n');
}

function commandHelp(name: CommandName): string {
  const c = commands[name];
  const options: Record<string, OptionSpec> = { ...c.options, ...common };
  const rows = Object.entries(options).map(([flag, o]) => [
    `  --${flag}${o.type === 'string' ? ' <value>' : ''}`,
    o.help,
  ]);
  return [
    `Usage: planner ${name} [flags]`,
    '',
    c.summary,
    '',
    'Flags:',
    table(['', ''], rows).split('\n').slice(2).join('\n'),
    '',
    `Example: ${c.example}`,
  ].join('\n');
}

function validate<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidRequestError(fieldErrors(result.error));
  return result.data;
}

function readJsonFile(path: string, flag: string, io: Io): unknown {
  let text: string;
  try {
    text = path === '-' ? io.readStdin() : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${flag} ${path} is not valid JSON`);
  }
}

const readBody = (path: string, io: Io): unknown => readJsonFile(path, '--body', io);

/** Where answers come from: the domain code in-process, or a running API through the typed client. */
interface Backend {
  estimate(request: EstimateRequest): Promise<EstimateResponse>;
  plan(request: PlanRequest): Promise<PlanResponse>;
  models(): Promise<ModelList>;
  accelerators(): Promise<AcceleratorList>;
  instances(query: InstanceListQuery): Promise<InstanceList>;
}

function inProcess(catalog: CatalogSource): Backend {
  return {
    estimate: async (request) =>
      estimateV1(request, { findInstanceSpec: (t) => catalog.findInstanceSpec(t) }),
    plan: (request) => planV1(request, { catalog }),
    models: async () => modelList(),
    accelerators: async () => acceleratorList(),
    instances: async ({ region = 'us-east-1', acceleratorKind }) => {
      const { instances, pricing } = await catalog.getRegion(region);
      return { instances: instanceList(instances, acceleratorKind), pricing };
    },
  };
}

function overHttp(baseUrl: string): Backend {
  const client = createPlannerClient({ baseUrl });
  return {
    estimate: (request) => client.estimate(request),
    plan: (request) => client.plan(request),
    models: () => client.models(),
    accelerators: () => client.accelerators(),
    instances: (query) => client.instances(query),
  };
}

/** `planner ui`: serves until SIGINT or SIGTERM. */
async function runUi(flags: Flags, io: Io): Promise<void> {
  const port = flags.port === undefined ? 3000 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port ${flags.port} is not a port number`);
  const { startUi, UiOptionError } = await import('./ui.js');
  let ui: Awaited<ReturnType<typeof startUi>>;
  try {
    ui = await startUi({
      ...(typeof flags.url === 'string' && { url: flags.url }),
      ...(typeof flags.region === 'string' && { region: flags.region }),
      port,
    });
  } catch (error) {
    if (error instanceof UiOptionError) throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`port ${port} is in use: give another with --port (0 picks a free one)`);
    }
    throw error;
  }
  const target =
    ui.target === 'in-process'
      ? 'planning in-process'
      : `calling ${ui.target.url} signed with SigV4 (execute-api, ${ui.target.region})`;
  io.stdout(`Plan explorer on ${ui.url} (${target}). Ctrl+C to stop.`);
  await new Promise<void>((resolve) => {
    const stop = () => void ui.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function run(name: CommandName, flags: Flags, io: Io): Promise<void> {
  if (name === 'ui') return runUi(flags, io);
  const backend =
    typeof flags.url === 'string'
      ? overHttp(flags.url)
      : inProcess(createCatalogSource({ env: process.env }));
  const print = (value: unknown, asTable: () => string) =>
    io.stdout(flags.json ? JSON.stringify(value, null, 2) : asTable());
  const requestBody = (fromFlags: (f: Flags) => Record<string, unknown>) => {
    if (typeof flags.body === 'string') return readBody(flags.body, io);
    const request = fromFlags(flags);
    const configFile = flags['model-config'];
    if (typeof configFile === 'string') {
      if (flags.model !== undefined) throw new UsageError('give --model or --model-config, not both');
      request.model = { huggingFace: readJsonFile(configFile, '--model-config', io) };
    }
    return request;
  };

  switch (name) {
    case 'estimate': {
      const result = await backend.estimate(
        validate(EstimateRequestSchema, requestBody(estimateRequestFromFlags)),
      );
      return print(result, () => estimateTable(result));
    }
    case 'plan': {
      const result = await backend.plan(validate(PlanRequestSchema, requestBody(planRequestFromFlags)));
      return print(result, () => planTable(result));
    }
    case 'models': {
      const result = await backend.models();
      return print(result, () => modelsTable(result));
    }
    case 'accelerators': {
      const result = await backend.accelerators();
      return print(result, () => acceleratorsTable(result));
    }
    case 'instances': {
      const query = validate(InstanceListQuerySchema, {
        region: flags.region,
        acceleratorKind: flags['accelerator-kind'],
      });
      const result = await backend.instances(query);
      return print(result, () => instancesTable(result.instances, result.pricing));
    }
  }
}

function fieldLines(errors: readonly { pointer: string; message: string }[]): string[] {
  return errors.map(({ pointer, message }) => {
    const flag = flagFor(pointer);
    return `  ${pointer || '(body)'}${flag ? ` (${flag})` : ''}: ${message}`;
  });
}

/** Runs one command line; resolves with the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (!isCommand(name)) {
    io.stderr(`planner: unknown command "${name}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    const options = Object.fromEntries(
      Object.entries({ ...commands[name].options, ...common }).map(([flag, o]) => [flag, { type: o.type }]),
    );
    const { values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false });
    if (values.help) {
      io.stdout(commandHelp(name));
      return EXIT_OK;
    }
    await run(name, values as Flags, io);
    return EXIT_OK;
  } catch (error) {
    return report(name, error, io);
  }
}

function report(name: CommandName, error: unknown, io: Io): number {
  if (error instanceof InvalidRequestError) {
    io.stderr([`planner ${name}: invalid request`, ...fieldLines(error.errors)].join('\n'));
    return EXIT_USAGE;
  }
  if (error instanceof InputError) {
    io.stderr([`planner ${name}: invalid input`, ...fieldLines([error])].join('\n'));
    return EXIT_USAGE;
  }
  if (error instanceof UnknownRegionError) {
    io.stderr(
      [
        `planner ${name}: invalid input`,
        ...fieldLines([{ pointer: '/region', message: error.message }]),
      ].join('\n'),
    );
    return EXIT_USAGE;
  }
  if (error instanceof NoFeasiblePlanError) {
    const { detail, nearestMiss: miss } = noFeasiblePlanProblem(error);
    const nearest = miss
      ? `\n  nearest miss: ${miss.instanceCount} x ${miss.instanceType}: ${miss.shortfall}`
      : '';
    io.stderr(`planner ${name}: no feasible plan: ${detail}${nearest}`);
    return EXIT_FAILED;
  }
  if (error instanceof PlannerApiError) {
    const { problem } = error;
    io.stderr(
      [
        `planner ${name}: ${problem.status} ${problem.title}: ${problem.detail ?? ''}`,
        ...fieldLines(problem.errors ?? []),
      ].join('\n'),
    );
    return error.status < 500 ? EXIT_USAGE : EXIT_FAILED;
  }
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    io.stderr(`planner ${name}: ${error.message}\nRun planner ${name} --help for the flags.`);
    return EXIT_USAGE;
  }
  io.stderr(`planner ${name}: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_FAILED;
}
