import { type Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { defaultMetricsNamespace } from '../../lib/observability/names.js';
import { bundlingFor, lambdaRuntime, projectRoot } from '../bundling.js';

export interface FunctionWithLogGroupProps {
  entry: string;
  /** Powertools service name: the `service` of every log line and metric dimension. */
  serviceName: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
  environment?: Record<string, string>;
  /**
   * Concurrent executions reserved for the function, which also cap it.
   * @default none (the account's unreserved pool)
   */
  reservedConcurrency?: number;
  /**
   * Bundle the AWS SDK instead of using the runtime's (see infra/bundling.ts).
   * @default false
   */
  bundleSdk?: boolean;
  /**
   * X-Ray active tracing, with the Powertools tracer compiled into the bundle.
   * @default false
   */
  tracing?: boolean;
  /** Extra function props (async retries, dead-letter queue). */
  extra?: Partial<NodejsFunctionProps>;
}

/**
 * A Node.js function the way every function of the service is built: arm64 on the newest Node.js
 * runtime, bundled by local esbuild with the shared options, JSON logs to its own log group with a
 * retention, and a role that may write to that log group and nothing else until a grant says more
 * (no AWSLambdaBasicExecutionRole, which would let it create any log group).
 */
export class FunctionWithLogGroup extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: FunctionWithLogGroupProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: writes its own logs; other permissions are explicit grants`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot,
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      bundling: bundlingFor({ bundleSdk: props.bundleSdk, tracing: props.tracing }),
      ...(props.reservedConcurrency !== undefined && {
        reservedConcurrentExecutions: props.reservedConcurrency,
      }),
      ...(props.tracing && { tracing: Tracing.ACTIVE }),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: defaultMetricsNamespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      ...props.extra,
    });
    // The role's policy must exist before the function can log (its first cold start).
    this.function.node.addDependency(this.role);
    if (props.tracing)
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray trace uploads (xray:PutTraceSegments, PutTelemetryRecords) support no resource-level permissions; CDK adds them for active tracing.',
      });
  }
}
