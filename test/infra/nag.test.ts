/**
 * cdk-nag AwsSolutions on the stack as each stage builds it: no finding may be left unacknowledged,
 * and every acknowledgement says why in a sentence.
 */
import { Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildStack } from './stack-fixture.js';

const variants: [string, Record<string, unknown>][] = [
  ['dev', { stage: 'dev' }],
  [
    'prod with email, CORS and two regions',
    {
      stage: 'prod',
      alarmEmail: 'ops@example.com',
      corsOrigins: 'https://a.example.com',
      refreshRegions: 'us-east-1,eu-west-1',
    },
  ],
  ['jwt', { authorizer: 'jwt', jwtIssuer: 'https://issuer.example.com/', jwtAudience: 'planner' }],
  [
    'traced, nothing reserved',
    { tracing: 'true', apiReservedConcurrency: 'none', refreshReservedConcurrency: 'none' },
  ],
];

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Recorded as { '<kind>::<rule id>': reason }.
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([key, reason]) => ({
          path: construct.node.path,
          id: key.replace(/^\w+::/, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag: AwsSolutions', () => {
  it.each(variants)('should leave no unacknowledged finding (%s)', (_, context) => {
    // Prepare
    const { app } = buildStack(context);

    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);

    // Assess
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} at ${r.resourceLogicalId} (${r.templatePath})`),
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('should report a finding nobody acknowledged (the check is live)', () => {
    const { app, stack } = buildStack();
    new Queue(stack, 'Unencrypted', { encryption: QueueEncryption.UNENCRYPTED });

    const report = new AwsSolutionsChecks(app).validateScope(app);

    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });

  it('should give every acknowledgement a reason in a sentence', () => {
    const { app } = buildStack();

    const all = acknowledgements(app);

    expect(all.map((a) => a.id).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CatalogRefreshFunction\w+\.Arn>:\*\]$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<StoreSnapshots\w+\.Arn>\/snapshots\/\*\]$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<StoreSnapshots\w+\.Arn>\/snapshots\/\*\]$/),
      'AwsSolutions-S1',
      'AwsSolutions-SNS2',
      'AwsSolutions-SQS3',
    ]);
    for (const { reason } of all) expect(reason).toMatch(/^[A-Z].{30,}\.$/);
  });
});
