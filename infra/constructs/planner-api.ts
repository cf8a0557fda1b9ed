import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { serviceNames } from '../../lib/observability/names.js';
import { functionEntries } from '../bundling.js';
import type { StageConfig } from '../config.js';
import { FunctionWithLogGroup } from './function-with-log-group.js';
import { logicalIdOf } from './logical-id.js';
import type { SnapshotStore } from './snapshot-store.js';

export interface PlannerApiProps {
  config: StageConfig;
  store: SnapshotStore;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/** One JSON object per request; `requestId` ties a line to the function's logs (`apiRequestId`). */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sourceIp: '$context.identity.sourceIp',
  userArn: '$context.identity.userArn',
  userAgent: '$context.identity.userAgent',
};

/**
 * The HTTP API: the API function behind an API Gateway HTTP API on the `$default` stage (a named
 * stage would prefix every path, which the Hono adapter does not strip), one `$default` route with
 * IAM (SigV4) or JWT authorization, stage throttling and JSON access logs.
 */
export class PlannerApi extends Construct {
  readonly fn: FunctionWithLogGroup;
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, { config, store, logRetention, removalPolicy }: PlannerApiProps) {
    super(scope, id);
    this.fn = new FunctionWithLogGroup(this, 'Api', {
      entry: functionEntries.api,
      serviceName: serviceNames.api,
      description: 'AI workload planner HTTP API (Hono)',
      // Planning searches instances x precisions x counts: CPU time scales with memory on Lambda.
      memorySize: 1024,
      timeout: Duration.seconds(15),
      logRetention,
      removalPolicy,
      reservedConcurrency: config.apiReservedConcurrency,
      tracing: config.tracing,
      environment: {
        PRICING_SOURCE: 's3-snapshot',
        SNAPSHOT_BUCKET: store.bucket.bucketName,
        SNAPSHOT_REGIONS: config.refreshRegions.join(','),
        SNAPSHOT_TTL_SECONDS: '300',
        ...(config.publicUrl && { PUBLIC_URL: config.publicUrl }),
      },
    });
    // Read snapshots and nothing else: no other keys, no writes, no Price List.
    this.fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [store.bucket.arnForObjects(store.keyPattern)],
      }),
    );
    // Listing, under the snapshot prefix only: with it S3 answers a missing snapshot 404 NoSuchKey
    // (stale: "does not exist"), without it 403 AccessDenied, which reads as a permissions problem.
    this.fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [store.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [store.keyPattern] } },
      }),
    );
    Validations.of(this.fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(store.bucket)}.Arn>/${store.keyPattern}]`,
      reason:
        'The API reads the snapshot of whichever region a request names; all of them, and only them, are under snapshots/.',
    });

    const authorizer =
      config.authorizer === 'jwt'
        ? new HttpJwtAuthorizer('Jwt', config.jwtIssuer as string, { jwtAudience: config.jwtAudience })
        : new HttpIamAuthorizer();
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `AI workload planner (${config.stage})`,
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Planner', this.fn.function),
      defaultAuthorizer: authorizer,
      ...(config.corsOrigins.length > 0 && {
        corsPreflight: {
          allowOrigins: config.corsOrigins,
          allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST],
          allowHeaders: [
            'authorization',
            'content-type',
            'x-amz-date',
            'x-amz-security-token',
            'x-amz-content-sha256',
          ],
          maxAge: Duration.hours(1),
        },
      }),
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logRetention, removalPolicy });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttleRateLimit, burstLimit: config.throttleBurstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });
  }

  /** The API's base URL (no trailing slash). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
