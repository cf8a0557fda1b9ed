/**
 * `planner`: the planner from a terminal. Builds the request from flags (or `--body`), validates it
 * with the contract's zod schemas, and answers in-process, or through the HTTP API with `--url`.
 *
 * The flags are rows in `requests.ts`; this file parses a command line against them, runs the
 * command, and turns every failure into lines that name the flag (or the field, with `--body`) and,
 * for an unknown value, the closest known ones and the command that lists them all.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ZodType } from 'zod';
import { acceleratorList, instanceList, modelList } from '../../lib/api/listings.js';
import { fieldErrors, problemTypes } from '../../lib/api/problems.js';
import { createCatalogSource } from '../../lib/catalog/create-source.js';
import { UnknownRegionError } from '../../lib/catalog/errors.js';
import { catalogRegions } from '../../lib/catalog/regions.js';
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
import {
  type Choices,
  type CommandName,
  commonRows,
  type FlagRow,
  type Flags,
  flagRows,
  flagWithPlaceholder,
  helpLine,
  InvalidFlagsError,
  isBoolean,
  requestFromFlags,
  rowFor,
  rowsOf,
  valueAt,
} from './requests.js';
import { didYouMean } from './suggest.js';
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

/** The request (as sent) failed validation, in the CLI or at the API: one entry per field. */
class InvalidRequestError extends Error {
  constructor(
    readonly errors: readonly { pointer: string; message: string }[],
    readonly request?: unknown,
  ) {
    super('invalid request');
  }
}

const commands: Record<CommandName, { summary: string; example: string }> = {
  estimate: {
    summary: 'Memory, latency and throughput (or training time) of one workload on given hardware',
    example:
      'planner estimate --model llama-3.1-8b --instance g5.xlarge --input-tokens 512 --output-tokens 256',
  },
  plan: {
    summary: 'Recommend hardware and a deployment tier for a workload',
    example: 'planner plan --model llama-3.1-8b --input-tokens 512 --output-tokens 256 --rps 5 --tpot-ms 50',
  },
  ui: {
    summary: 'Open the plan explorer page locally (--url: a deployed API, calls signed with SigV4)',
    example: 'planner ui --url https://abc123.execute-api.us-east-1.amazonaws.com/',
  },
  models: { summary: 'List model presets', example: 'planner models --json' },
  accelerators: { summary: 'List accelerators and their specs', example: 'planner accelerators' },
  instances: {
    summary: 'List priced instances in a region',
    example: 'planner instances --region eu-west-1 --accelerator-kind gpu',
  },
  regions: { summary: 'List the regions the price catalog covers', example: 'planner regions' },
};
const commandNames = Object.keys(commands) as CommandName[];
const isCommand = (name: string | undefined): name is CommandName =>
  name !== undefined && (commandNames as string[]).includes(name);

function usage(): string {
  const names = commandNames.map((name) => [`  ${name}`, commands[name].summary] as const);
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
  return [
    `Usage: planner ${name} [flags]`,
    '',
    commands[name].summary,
    '',
    'Flags:',
    table(['', ''], rowsOf(name).map(helpLine)).split('\n').slice(2).join('\n'),
    '',
    `Example: ${commands[name].example}`,
  ].join('\n');
}

/**
 * The flags of one command line. Unknown flags get the closest known one; a value that starts with a
 * dash (`--count -1`) is taken as the value, so the contract can say what is wrong with it.
 */
function parseFlags(name: CommandName, args: readonly string[]): Flags {
  const rows = rowsOf(name);
  const byName = new Map(rows.map((row) => [row.name, row]));
  const tokens: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? '';
    const flag = /^--([^=]+)/.exec(token)?.[1];
    if (flag === undefined) {
      tokens.push(token);
      continue;
    }
    const row = byName.get(flag);
    if (!row) throw new UsageError(unknownFlag(name, flag, rows));
    const next = args[i + 1];
    if (!isBoolean(row) && !token.includes('=') && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      tokens.push(`${token}=${next}`);
      i++;
    } else tokens.push(token);
  }
  const options = Object.fromEntries(
    rows.map((row) => [
      row.name,
      { type: isBoolean(row) ? ('boolean' as const) : ('string' as const), multiple: row.multiple ?? false },
    ]),
  );
  const { values } = parseArgs({ args: tokens, options, strict: true, allowPositionals: false });
  return values as Flags;
}

function unknownFlag(name: CommandName, flag: string, rows: readonly FlagRow[]): string {
  const owners = [
    ...new Set(
      [...flagRows, ...commonRows].filter((row) => row.name === flag).flatMap((row) => row.commands),
    ),
  ];
  if (owners.length > 0) {
    const list = owners.map((c) => `planner ${c}`);
    const named = list.length > 2 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list.join(' and ');
    return `--${flag} is a flag of ${named}, not of planner ${name}`;
  }
  const names = rows.map((row) => row.name);
  return `unknown flag --${flag}${didYouMean(flag, names, (known) => `--${known}`)}`;
}

function validate<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidRequestError(fieldErrors(result.error), value);
  return result.data;
}

function readBody(path: string, io: Io): unknown {
  let text: string;
  try {
    text = path === '-' ? io.readStdin() : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--body ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--body ${path} is not valid JSON`);
  }
}

/** Where answers come from: the domain code in-process, or a running API through the typed client. */
interface Backend {
  estimate(request: EstimateRequest): Promise<EstimateResponse>;
  plan(request: PlanRequest): Promise<PlanResponse>;
  models(): Promise<ModelList>;
  accelerators(): Promise<AcceleratorList>;
  instances(query: InstanceListQuery): Promise<InstanceList>;
  regions(): Promise<readonly string[]>;
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
    regions: async () => catalog.regions(),
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
    // The API has no region listing; it prices the catalog's regions.
    regions: async () => catalogRegions,
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

function backendFor(flags: Flags): Backend {
  return typeof flags.url === 'string'
    ? overHttp(flags.url)
    : inProcess(createCatalogSource({ env: process.env }));
}

async function run(name: CommandName, flags: Flags, backend: Backend, io: Io): Promise<void> {
  const print = (value: unknown, asTable: () => string) =>
    io.stdout(flags.json ? JSON.stringify(value, null, 2) : asTable());
  const requestBody = () =>
    typeof flags.body === 'string' ? readBody(flags.body, io) : requestFromFlags(name, flags);

  switch (name) {
    case 'estimate': {
      const request = requestBody();
      const result = await sent(request, () => backend.estimate(validate(EstimateRequestSchema, request)));
      return print(result, () => estimateTable(result));
    }
    case 'plan': {
      const request = requestBody();
      const result = await sent(request, () => backend.plan(validate(PlanRequestSchema, request)));
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
      const query = requestFromFlags(name, flags);
      const result = await sent(query, () => backend.instances(validate(InstanceListQuerySchema, query)));
      return print(result, () => instancesTable(result.instances, result.pricing));
    }
    case 'regions': {
      const regions = await backend.regions();
      return print(regions, () =>
        table(
          ['region'],
          regions.map((r) => [r]),
        ),
      );
    }
  }
}

/** Field errors of a request, wherever they are found, carry the request they are about. */
async function sent<T>(request: unknown, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const fields = fieldErrorsOf(error);
    if (fields) throw new InvalidRequestError(fields, request);
    throw error;
  }
}

/** The API's words for where to look ("see GET /v1/accelerators"), as the command that lists them. */
const inCliWords = (message: string) =>
  message.replace(/GET \/v1\/(models|accelerators|instances)\b/g, 'planner $1');

/** The field errors an error stands for: schema issues, a domain input error, or a 4xx problem. */
function fieldErrorsOf(error: unknown): readonly { pointer: string; message: string }[] | undefined {
  if (error instanceof InvalidRequestError) return error.errors;
  if (error instanceof InputError) return error.problems;
  if (error instanceof UnknownRegionError) return [{ pointer: '/region', message: error.message }];
  if (error instanceof PlannerApiError && error.status < 500 && error.problem.errors?.length)
    return error.problem.errors;
  return undefined;
}

async function knownValues(choices: Choices, request: unknown, backend: Backend): Promise<readonly string[]> {
  if (choices.kind === 'static') return choices.values;
  try {
    switch (choices.list) {
      case 'models':
        return (await backend.models()).map((m) => m.id);
      case 'accelerators':
        return (await backend.accelerators()).map((a) => a.id);
      case 'regions':
        return await backend.regions();
      case 'instances': {
        const region = valueAt(request, '/region');
        const { instances } = await backend.instances(typeof region === 'string' ? { region } : {});
        return instances.map((i) => i.instanceType);
      }
    }
  } catch {
    return []; // no suggestions rather than a second error
  }
}

/**
 * One line per field error: `missing --input-tokens (...)`, `--input-tokens -5: Too small: ...`,
 * `--model llama-8b: unknown model "llama-8b"; did you mean "llama-3.1-8b"? (planner models lists
 * them)`, or for a field inside a flag's value `--model-config hidden_size: missing: ...`. With
 * `--body` the lines name the field's JSON Pointer instead of a flag.
 */
async function fieldLines(
  name: CommandName,
  errors: readonly { pointer: string; message: string }[],
  request: unknown,
  flags: Flags,
  backend: Backend,
): Promise<string[]> {
  const fromFlags = typeof flags.body !== 'string';
  const lines: string[] = [];
  for (const { pointer, message } of errors) {
    const found = fromFlags ? rowFor(pointer, name, flags) : undefined;
    const given = valueAt(request, pointer);
    const nth = found?.row.multiple ? /^(\d+)(?:\/|$)/.exec(found.inside) : null;
    const raw = nth && found ? flags[found.row.name] : undefined;
    const value = Array.isArray(raw) && nth ? raw[Number(nth[1])] : undefined;
    if (found && value !== undefined) {
      // One of a repeatable flag's values (the second --owned): name that value.
      lines.push(`  --${found.row.name} ${value}: ${inCliWords(message)}`);
      continue;
    }
    if (found?.inside) {
      // A field inside the flag's value (an inline architecture, a config.json): name flag and key.
      lines.push(`  --${found.row.name} ${found.inside}: ${inCliWords(message)}`);
      continue;
    }
    const row = found?.row ?? (fromFlags ? undefined : rowFor(pointer, name)?.row);
    if (given === undefined && request !== undefined) {
      // Whatever the schema's words, an error about a field the request does not have means: give it.
      lines.push(
        found
          ? `  missing ${found.row.missing ?? `${flagWithPlaceholder(found.row)} (${found.row.help})`}`
          : `  missing ${pointer}: ${message}`,
      );
      continue;
    }
    const shown = typeof given === 'string' ? given : JSON.stringify(given);
    const label = found
      ? `--${found.row.name}${shown !== undefined ? ` ${shown}` : ''}`
      : pointer || '(body)';
    const prefix = `  ${label}: `;
    if (row?.choices && typeof given === 'string') {
      const known = await knownValues(row.choices, request, backend);
      if (known.length > 0 && !known.includes(given)) {
        const region = valueAt(request, '/region');
        const where =
          row.choices.kind === 'listed'
            ? `${row.choices.command}${row.choices.list === 'instances' && region ? ` --region ${region}` : ''} lists them`
            : `one of ${known.join(', ')}`;
        lines.push(`${prefix}unknown ${row.choices.noun} "${given}"${didYouMean(given, known)} (${where})`);
        continue;
      }
    }
    lines.push(`${prefix}${inCliWords(message)}`);
  }
  return lines;
}

/** Runs one command line; resolves with the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (!isCommand(name)) {
    io.stderr(`planner: unknown command "${name}"${didYouMean(name, commandNames)}\n\n${usage()}`);
    return EXIT_USAGE;
  }
  let flags: Flags = {};
  let backend: Backend | undefined;
  try {
    flags = parseFlags(name, rest);
    if (flags.help) {
      io.stdout(commandHelp(name));
      return EXIT_OK;
    }
    if (name === 'ui') {
      await runUi(flags, io);
      return EXIT_OK;
    }
    backend = backendFor(flags);
    await run(name, flags, backend, io);
    return EXIT_OK;
  } catch (error) {
    return report(name, error, { io, flags, backend });
  }
}

async function report(
  name: CommandName,
  error: unknown,
  { io, flags, backend }: { io: Io; flags: Flags; backend: Backend | undefined },
): Promise<number> {
  const fields = fieldErrorsOf(error);
  if (fields && backend) {
    const request = error instanceof InvalidRequestError ? error.request : undefined;
    const lines = await fieldLines(name, fields, request, flags, backend);
    io.stderr([`planner ${name}: invalid request`, ...lines, helpHint(name)].join('\n'));
    return EXIT_USAGE;
  }
  if (error instanceof InvalidFlagsError) {
    io.stderr(
      [`planner ${name}: invalid flags`, ...error.lines.map((l) => `  ${l}`), helpHint(name)].join('\n'),
    );
    return EXIT_USAGE;
  }
  const infeasible = infeasibleOf(error);
  if (infeasible) {
    const { miss } = infeasible;
    const nearest = miss
      ? `\n  nearest miss: ${miss.instanceCount} x ${miss.instanceType}: ${miss.shortfall}`
      : '';
    io.stderr(`planner ${name}: no feasible plan: ${infeasible.message}${nearest}`);
    return EXIT_FAILED;
  }
  if (error instanceof PlannerApiError) {
    const { problem } = error;
    io.stderr(
      `planner ${name}: ${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`,
    );
    return error.status < 500 ? EXIT_USAGE : EXIT_FAILED;
  }
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    io.stderr(`planner ${name}: ${error.message}\n${helpHint(name)}`);
    return EXIT_USAGE;
  }
  io.stderr(`planner ${name}: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_FAILED;
}

type NearestMiss = ReturnType<typeof noFeasiblePlanProblem>['nearestMiss'];

/** No feasible plan, found in-process or answered by the API: the text and the nearest miss. */
function infeasibleOf(error: unknown): { message: string; miss: NearestMiss } | undefined {
  if (error instanceof NoFeasiblePlanError) {
    const { detail, nearestMiss } = noFeasiblePlanProblem(error);
    return { message: detail, miss: nearestMiss };
  }
  if (error instanceof PlannerApiError && error.problem.type === problemTypes.noFeasiblePlan)
    return {
      message: error.problem.detail ?? error.problem.title,
      miss: error.problem.nearestMiss as NearestMiss,
    };
  return undefined;
}

const helpHint = (name: CommandName) => `Run planner ${name} --help for the flags.`;
