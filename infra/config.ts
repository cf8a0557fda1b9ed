/**
 * Stage settings: a typed table of defaults per stage (dev, prod), overridden key by key from CDK
 * context (`cdk deploy -c stage=prod -c alarmEmail=ops@example.com`) and validated with zod at synth
 * time, so a typo fails `cdk synth` with the key and the reason instead of deploying something else.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { catalogRegions } from '../lib/catalog/regions.js';

const stageNames = ['dev', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

/** Values from `-c key=value` arrive as strings; cdk.json may hold real arrays. Both are accepted. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : value,
    z.array(item),
  );

/** A reserved concurrency, or `none` to leave the function in the account's unreserved pool. */
const reservedConcurrency = z.preprocess(
  (value) => (value === 'none' || value === null ? undefined : value),
  z.coerce.number().int().min(1).max(1000).optional().describe('whole number 1..1000, or none'),
);

const flag = z.preprocess((v) => (typeof v === 'string' ? v === 'true' : v), z.boolean());

const retentionDays = z.coerce
  .number()
  .refine((days) => (Object.values(RetentionDays) as unknown[]).includes(days), {
    message: 'must be a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)',
  });

export const stageConfigSchema = z
  .object({
    stage: z.enum(stageNames),
    /** Steady-state requests per second across the API (stage throttling). */
    throttleRateLimit: z.coerce.number().positive(),
    /** Requests allowed in a burst above the rate. */
    throttleBurstLimit: z.coerce.number().int().positive(),
    /** `iam`: callers sign with SigV4. `jwt`: bearer tokens from `jwtIssuer` for `jwtAudience`. */
    authorizer: z.enum(['iam', 'jwt']),
    jwtIssuer: z.url({ protocol: /^https$/ }).optional(),
    jwtAudience: list(z.string().min(1)),
    /** EventBridge Scheduler expression of the catalog refresh, `rate(...)` or `cron(...)`. */
    refreshSchedule: z
      .string()
      .regex(
        /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/,
        'must be rate(...) or cron(...)',
      ),
    /** Regions whose catalog snapshot the refresh writes and the API reads. */
    refreshRegions: list(z.enum(catalogRegions)).pipe(z.array(z.enum(catalogRegions)).min(1)),
    logRetentionDays: retentionDays,
    alarmEmail: z.email().optional(),
    /** Browser origins allowed by CORS; empty: no CORS configuration at all. */
    corsOrigins: list(z.url()),
    /** API function p99 duration alarm threshold, ms. */
    apiP99AlarmMs: z.coerce.number().positive(),
    /** Snapshot age alarm threshold, hours; keep it above the refresh interval. */
    snapshotMaxAgeHours: z.coerce.number().positive(),
    /** Keep log groups, the queue and the topic when the stack is deleted (the bucket is always kept). */
    retainOnDelete: flag,
    /**
     * Concurrent executions reserved for (and capping) the API function: the cost guard behind the
     * stage throttling. `none` leaves it unreserved (accounts whose concurrency limit is 10 cannot
     * reserve any).
     */
    apiReservedConcurrency: reservedConcurrency,
    /** The same for the refresh function: one run at a time is all it needs. */
    refreshReservedConcurrency: reservedConcurrency,
    /** X-Ray tracing (Powertools tracer) of both functions; off by default (X-Ray is billed per trace). */
    tracing: flag,
    /** The API's public URL (a custom domain) listed in /openapi.json; default the relative `/`. */
    publicUrl: z.url({ protocol: /^https$/ }).optional(),
  })
  .refine((c) => c.authorizer !== 'jwt' || (c.jwtIssuer !== undefined && c.jwtAudience.length > 0), {
    message: 'authorizer=jwt needs jwtIssuer (https URL) and jwtAudience (comma-separated)',
    path: ['authorizer'],
  });

export type StageConfig = z.infer<typeof stageConfigSchema>;

/** Every setting a stage has; each is also a context key of the same name. */
export const stageDefaults: Record<StageName, Omit<StageConfig, 'stage'>> = {
  dev: {
    throttleRateLimit: 10,
    throttleBurstLimit: 20,
    authorizer: 'iam',
    jwtAudience: [],
    refreshSchedule: 'rate(1 day)',
    refreshRegions: ['us-east-1'],
    logRetentionDays: 14,
    corsOrigins: [],
    apiP99AlarmMs: 5_000,
    snapshotMaxAgeHours: 50,
    retainOnDelete: false,
    apiReservedConcurrency: 10,
    refreshReservedConcurrency: 1,
    tracing: false,
  },
  prod: {
    throttleRateLimit: 50,
    throttleBurstLimit: 100,
    authorizer: 'iam',
    jwtAudience: [],
    refreshSchedule: 'rate(1 day)',
    refreshRegions: ['us-east-1'],
    logRetentionDays: 90,
    corsOrigins: [],
    apiP99AlarmMs: 3_000,
    snapshotMaxAgeHours: 50,
    retainOnDelete: true,
    apiReservedConcurrency: 100,
    refreshReservedConcurrency: 1,
    tracing: false,
  },
};

export const stageConfigKeys = Object.keys(stageConfigSchema.shape) as (keyof StageConfig)[];

/** Invalid stage settings, with every problem named by its context key. */
export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

/**
 * The settings of the stage named by the `stage` context key (default `dev`): the stage's defaults
 * with any context key of the same name on top.
 *
 * @throws StageConfigError listing each invalid key.
 * @example
 * const config = resolveStageConfig((key) => app.node.tryGetContext(key));
 */
export function resolveStageConfig(context: (key: string) => unknown): StageConfig {
  const stage = (context('stage') as string | undefined) ?? 'dev';
  if (!(stageNames as readonly string[]).includes(stage))
    throw new StageConfigError(`Unknown stage "${stage}": use -c stage=${stageNames.join('|')}`);
  const overrides = Object.fromEntries(
    stageConfigKeys.flatMap((key) => {
      const value = context(key);
      return value === undefined ? [] : [[key, value]];
    }),
  );
  const result = stageConfigSchema.safeParse({ ...stageDefaults[stage as StageName], ...overrides, stage });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  -c ${i.path.join('.') || '(stage)'}: ${i.message}`);
    throw new StageConfigError(`Invalid settings for stage "${stage}":\n${problems.join('\n')}`);
  }
  return result.data;
}
