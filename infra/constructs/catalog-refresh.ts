import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { serviceNames } from '../../lib/observability/names.js';
import { functionEntries } from '../bundling.js';
import { FunctionWithLogGroup } from './function-with-log-group.js';
import { logicalIdOf } from './logical-id.js';
import type { SnapshotStore } from './snapshot-store.js';

export interface CatalogRefreshProps {
  store: SnapshotStore;
  regions: readonly string[];
  /** An EventBridge Scheduler expression: `rate(1 day)`, `cron(0 6 * * ? *)`. */
  schedule: string;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
  /**
   * Concurrent executions reserved for the refresh.
   * @default none
   */
  reservedConcurrency?: number;
  /**
   * X-Ray tracing through Powertools.
   * @default false
   */
  tracing?: boolean;
}

/** Price List actions the refresh uses (GetProducts) and the SDK's discovery calls around it. */
export const pricingActions = [
  'pricing:GetProducts',
  'pricing:DescribeServices',
  'pricing:GetAttributeValues',
];

/** The one EC2 action the refresh uses: recent spot prices. */
export const spotPriceActions = ['ec2:DescribeSpotPriceHistory'];

/**
 * The scheduled catalog refresh: a function that reads the Price List API and writes snapshots, run
 * by EventBridge Scheduler. Failures end in one encrypted dead-letter queue: the scheduler's when it
 * cannot invoke the function, the function's when its asynchronous invocation still fails after
 * Lambda's retries.
 */
export class CatalogRefresh extends Construct {
  readonly fn: FunctionWithLogGroup;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: CatalogRefreshProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the refresh schedule and function (SQS redrive is not how Scheduler and Lambda name one); an alarm watches its depth.',
    });

    this.fn = new FunctionWithLogGroup(this, 'Refresh', {
      entry: functionEntries.refresh,
      serviceName: serviceNames.refresh,
      description: 'Writes catalog snapshots from the AWS Price List API and EC2 spot price history to S3',
      // Price List pages for a region are a few thousand JSON strings: memory for parsing them, and
      // a long timeout because the API throttles and the SDK backs off.
      memorySize: 1024,
      timeout: Duration.minutes(12),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      // Its own, locked SDK (package-lock.json), not the one the runtime ships that day.
      bundleSdk: true,
      reservedConcurrency: props.reservedConcurrency,
      tracing: props.tracing,
      environment: {
        SNAPSHOT_BUCKET: props.store.bucket.bucketName,
        REFRESH_REGIONS: props.regions.join(','),
        REFRESH_DEADLINE_SECONDS: String(10 * 60),
      },
      extra: { retryAttempts: 2, deadLetterQueue: this.deadLetterQueue, maxEventAge: Duration.hours(6) },
    });

    // Price List actions have no resource-level permissions: `*` is the only resource they accept.
    this.fn.role.addToPolicy(new iam.PolicyStatement({ actions: pricingActions, resources: ['*'] }));
    // Nor does ec2:DescribeSpotPriceHistory (read-only, public price data); nothing else of EC2.
    this.fn.role.addToPolicy(new iam.PolicyStatement({ actions: spotPriceActions, resources: ['*'] }));
    // Write snapshots; read their metadata (HeadObject needs s3:GetObject) to report their age.
    this.fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [props.store.bucket.arnForObjects(props.store.keyPattern)],
      }),
    );
    Validations.of(this.fn.role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'The Price List actions (pricing:GetProducts, DescribeServices, GetAttributeValues) and ec2:DescribeSpotPriceHistory support no resource-level permissions, and both read public price data only.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.store.bucket)}.Arn>/${props.store.keyPattern}]`,
        reason:
          'The refresh writes one object per region under the snapshots/ prefix and nowhere else in the bucket.',
      },
    );

    // The scheduler's own role (the target grants it lambda:InvokeFunction and sqs:SendMessage), made
    // here rather than left to the target's stack-wide singleton so its acknowledgement sits with it.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Invokes the catalog refresh function and dead-letters failed deliveries',
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.fn.function)}.Arn>:*]`,
      reason:
        'CDK grants invoke on the function and its qualified ARNs (versions, aliases); it is still this one function.',
    });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.expression(props.schedule),
      description: `Refresh catalog snapshots for ${props.regions.join(', ')}`,
      target: new targets.LambdaInvoke(this.fn.function, {
        role: schedulerRole,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        input: scheduler.ScheduleTargetInput.fromObject({ source: 'schedule' }),
      }),
    });
  }
}
