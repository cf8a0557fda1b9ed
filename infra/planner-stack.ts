import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from './config.js';
import { PlannerAlarms } from './constructs/alarms.js';
import { CatalogRefresh } from './constructs/catalog-refresh.js';
import { PlannerApi } from './constructs/planner-api.js';
import { SnapshotStore } from './constructs/snapshot-store.js';

export interface PlannerStackProps extends StackProps {
  config: StageConfig;
}

/**
 * The whole service for one stage: snapshot bucket, scheduled catalog refresh, API function behind
 * an HTTP API, and alarms. Environment-agnostic (no lookups), so `cdk synth` needs no credentials.
 */
export class PlannerStack extends Stack {
  readonly store: SnapshotStore;
  readonly refresh: CatalogRefresh;
  readonly api: PlannerApi;
  readonly alarms: PlannerAlarms;

  constructor(scope: Construct, id: string, { config, ...props }: PlannerStackProps) {
    super(scope, id, props);
    // Deliver S3 server access logs under a bucket policy rather than the legacy log-delivery ACL
    // (which would force ACLs back on). Set here, not in cdk.json, so tests build the same stack.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const logRetention = config.logRetentionDays;
    const removalPolicy = config.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.store = new SnapshotStore(this, 'Store', { logRetentionDays: config.logRetentionDays });
    this.refresh = new CatalogRefresh(this, 'CatalogRefresh', {
      store: this.store,
      regions: config.refreshRegions,
      schedule: config.refreshSchedule,
      logRetention,
      removalPolicy,
      reservedConcurrency: config.refreshReservedConcurrency,
      tracing: config.tracing,
    });
    this.api = new PlannerApi(this, 'Api', { config, store: this.store, logRetention, removalPolicy });
    this.alarms = new PlannerAlarms(this, 'Alarms', {
      config,
      api: this.api,
      refresh: this.refresh,
      removalPolicy,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: 'Base URL of the HTTP API (SigV4 or JWT)',
    });
    new CfnOutput(this, 'SnapshotBucket', { value: this.store.bucket.bucketName });
    new CfnOutput(this, 'RefreshFunction', { value: this.refresh.fn.function.functionName });
    new CfnOutput(this, 'AlarmTopic', { value: this.alarms.topic.topicArn });
  }
}
