import { describe, expect, it } from 'vitest';
import { resolveStageConfig, StageConfigError, stageDefaults } from '../../infra/config.js';

const contextOf = (values: Record<string, unknown>) => (key: string) => values[key];

describe('Function: resolveStageConfig', () => {
  it.each(['dev', 'prod'] as const)('should give the %s defaults when only the stage is set', (stage) => {
    expect(resolveStageConfig(contextOf({ stage }))).toEqual({ stage, ...stageDefaults[stage] });
  });

  it('should default to dev', () => {
    expect(resolveStageConfig(contextOf({})).stage).toBe('dev');
  });

  it('should take overrides from -c strings: numbers, comma lists, booleans', () => {
    const config = resolveStageConfig(
      contextOf({
        stage: 'prod',
        throttleRateLimit: '200',
        throttleBurstLimit: '400',
        refreshRegions: 'us-east-1, eu-west-1',
        corsOrigins: 'https://planner.example.com',
        logRetentionDays: '30',
        alarmEmail: 'ops@example.com',
        retainOnDelete: 'false',
        refreshSchedule: 'cron(0 6 * * ? *)',
      }),
    );

    expect(config).toMatchObject({
      throttleRateLimit: 200,
      throttleBurstLimit: 400,
      refreshRegions: ['us-east-1', 'eu-west-1'],
      corsOrigins: ['https://planner.example.com'],
      logRetentionDays: 30,
      alarmEmail: 'ops@example.com',
      retainOnDelete: false,
      refreshSchedule: 'cron(0 6 * * ? *)',
    });
  });

  it('should take arrays from cdk.json as they are', () => {
    expect(resolveStageConfig(contextOf({ refreshRegions: ['eu-central-1'] })).refreshRegions).toEqual([
      'eu-central-1',
    ]);
  });

  it('should accept a JWT authorizer with its issuer and audience', () => {
    const config = resolveStageConfig(
      contextOf({ authorizer: 'jwt', jwtIssuer: 'https://issuer.example.com', jwtAudience: 'planner,cli' }),
    );

    expect(config).toMatchObject({ authorizer: 'jwt', jwtAudience: ['planner', 'cli'] });
  });

  it.each([
    [{ stage: 'staging' }, /Unknown stage "staging": use -c stage=dev\|prod/],
    [{ authorizer: 'jwt' }, /-c authorizer: authorizer=jwt needs jwtIssuer/],
    [{ throttleRateLimit: 'fast' }, /-c throttleRateLimit:/],
    [{ logRetentionDays: '10' }, /-c logRetentionDays: must be a CloudWatch Logs retention/],
    [{ refreshRegions: 'us-east-1,mars-north-1' }, /-c refreshRegions\.1:/],
    [{ refreshRegions: '' }, /-c refreshRegions:/],
    [{ refreshSchedule: 'daily' }, /-c refreshSchedule: must be rate\(\.\.\.\) or cron\(\.\.\.\)/],
    [{ alarmEmail: 'ops' }, /-c alarmEmail:/],
    [{ corsOrigins: 'not a url' }, /-c corsOrigins\.0:/],
    [{ apiReservedConcurrency: '0' }, /-c apiReservedConcurrency:/],
    [{ apiReservedConcurrency: 'lots' }, /-c apiReservedConcurrency:/],
    [{ refreshReservedConcurrency: '1.5' }, /-c refreshReservedConcurrency:/],
    [{ publicUrl: 'http://planner.example.com' }, /-c publicUrl:/],
  ])('should refuse %j naming the key', (context, message) => {
    expect(() => resolveStageConfig(contextOf(context))).toThrow(StageConfigError);
    expect(() => resolveStageConfig(contextOf(context))).toThrow(message);
  });
});
