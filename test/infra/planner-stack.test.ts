/**
 * What `cdk deploy` creates, asserted on the synthesized template: functions, HTTP API, refresh
 * schedule, bucket, queue, alarms, and least-privilege roles.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { actionsOf, buildStack, logicalId, statementsOf } from './stack-fixture.js';

const snapshotObjects = (bucketId: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/snapshots/*']],
});

describe('Class: PlannerStack', () => {
  const { stack, template } = buildStack({ stage: 'dev' });
  const bucketId = logicalId(stack.store.bucket);

  describe('Lambda functions', () => {
    it('should run both functions on arm64 Node.js 24 with source maps, JSON logs and Powertools settings', () => {
      const functions = template.findResources('AWS::Lambda::Function');
      expect(Object.keys(functions)).toHaveLength(2);
      for (const fn of Object.values(functions)) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          LoggingConfig: {
            LogFormat: 'JSON',
            ApplicationLogLevel: 'INFO',
            LogGroup: { Ref: expect.any(String) },
          },
          Environment: {
            Variables: expect.objectContaining({
              NODE_OPTIONS: '--enable-source-maps',
              POWERTOOLS_METRICS_NAMESPACE: 'AiWorkloadPlanner',
            }),
          },
        });
      }
    });

    it('should point the API function at the snapshot bucket for the refreshed regions', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            PRICING_SOURCE: 's3-snapshot',
            SNAPSHOT_BUCKET: { Ref: bucketId },
            SNAPSHOT_REGIONS: 'us-east-1',
            POWERTOOLS_SERVICE_NAME: 'planner-api',
          }),
        },
      });
    });

    it('should give every function its own log group with the stage retention', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 3);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    });
  });

  describe('HTTP API', () => {
    it('should serve one $default route with IAM authorization', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: '$default',
        AuthorizationType: 'AWS_IAM',
      });
      template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    });

    it('should deploy the $default stage with throttling and JSON access logs', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [logicalId(stack.api.accessLogs), 'Arn'] },
          Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
        },
      });
    });

    it('should configure no CORS unless origins are given', () => {
      const api = Object.values(template.findResources('AWS::ApiGatewayV2::Api'))[0];
      expect(api?.Properties.CorsConfiguration).toBeUndefined();
    });
  });

  describe('Catalog refresh', () => {
    it('should run daily from EventBridge Scheduler with retries and a dead-letter queue', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(1 day)',
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [logicalId(stack.refresh.fn.function), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.refresh.deadLetterQueue), 'Arn'] } },
        },
      });
    });

    it('should dead-letter the function’s own failed asynchronous invocations after two retries', () => {
      const refreshId = logicalId(stack.refresh.fn.function);
      template.hasResourceProperties('AWS::Lambda::Function', {
        DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [logicalId(stack.refresh.deadLetterQueue), 'Arn'] } },
        Environment: {
          Variables: Match.objectLike({ REFRESH_REGIONS: 'us-east-1', SNAPSHOT_BUCKET: { Ref: bucketId } }),
        },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: refreshId },
        MaximumRetryAttempts: 2,
      });
    });

    it('should encrypt the dead-letter queue and refuse plain-HTTP access to it', () => {
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });
  });

  describe('Snapshot bucket', () => {
    it('should be encrypted, versioned, private, logged and kept on delete', () => {
      template.hasResource('AWS::S3::Bucket', {
        Properties: {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          VersioningConfiguration: { Status: 'Enabled' },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack.store.accessLogs) } },
        },
        DeletionPolicy: 'Retain',
      });
    });

    it('should deny requests without TLS on both buckets', () => {
      for (const bucket of [stack.store.bucket, stack.store.accessLogs]) {
        template.hasResourceProperties('AWS::S3::BucketPolicy', {
          Bucket: { Ref: logicalId(bucket) },
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });
  });

  describe('Least privilege', () => {
    it('should let the API function read snapshots and write its logs, nothing else', () => {
      expect(statementsOf(template, stack.api.fn.role)).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logicalId(stack.api.fn.logGroup), 'Arn'] },
        },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: snapshotObjects(bucketId) },
        {
          // A missing snapshot then reads as 404 NoSuchKey, not 403 AccessDenied.
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
          Condition: { StringLike: { 's3:prefix': ['snapshots/*'] } },
        },
      ]);
      expect(actionsOf(template, stack.api.fn.role).some((a) => a.startsWith('pricing:'))).toBe(false);
    });

    it('should let the refresh function call the Price List, read spot prices, write snapshots, log and dead-letter, nothing else', () => {
      expect(statementsOf(template, stack.refresh.fn.role)).toEqual(
        expect.arrayContaining([
          {
            Effect: 'Allow',
            Action: ['pricing:GetProducts', 'pricing:DescribeServices', 'pricing:GetAttributeValues'],
            Resource: '*',
          },
          { Effect: 'Allow', Action: 'ec2:DescribeSpotPriceHistory', Resource: '*' },
          { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: snapshotObjects(bucketId) },
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [logicalId(stack.refresh.deadLetterQueue), 'Arn'] },
          },
        ]),
      );
      expect(actionsOf(template, stack.refresh.fn.role)).toEqual(
        [
          'ec2:DescribeSpotPriceHistory',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'pricing:DescribeServices',
          'pricing:GetAttributeValues',
          'pricing:GetProducts',
          's3:GetObject',
          's3:PutObject',
          'sqs:SendMessage',
        ].sort(),
      );
    });

    it('should attach no managed policies to the function roles', () => {
      for (const role of [stack.api.fn.role, stack.refresh.fn.role]) {
        expect(template.toJSON().Resources[logicalId(role)].Properties.ManagedPolicyArns).toBeUndefined();
      }
    });

    it('should let the scheduler invoke only the refresh function', () => {
      expect(actionsOf(template, stack.refresh.node.findChild('SchedulerRole'))).toEqual([
        'lambda:InvokeFunction',
        'sqs:SendMessage',
      ]);
    });
  });

  describe('Alarms', () => {
    const alarmOf = (id: string) =>
      template.toJSON().Resources[logicalId(stack.alarms.node.findChild(id))].Properties;

    it('should alarm on API 5xx, errors, throttles, p99 duration, refresh errors and throttles, dead letters and snapshot age', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 8);
      expect(alarmOf('Api5xx')).toMatchObject({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
      expect(alarmOf('ApiP99Duration')).toMatchObject({
        MetricName: 'Duration',
        ExtendedStatistic: 'p99',
        Threshold: 5000,
      });
      expect(alarmOf('RefreshDeadLetters')).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
      });
      expect(alarmOf('ApiThrottles')).toMatchObject({ MetricName: 'Throttles' });
      expect(alarmOf('RefreshErrors')).toMatchObject({ MetricName: 'Errors' });
    });

    it('should treat a missing snapshot-age report as breaching (the refresh did not run)', () => {
      expect(alarmOf('SnapshotAge')).toMatchObject({
        Namespace: 'AiWorkloadPlanner',
        MetricName: 'SnapshotAgeHours',
        Dimensions: [{ Name: 'service', Value: 'planner-refresh' }],
        Statistic: 'Maximum',
        Period: 86_400,
        Threshold: 50,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
      });
    });

    it('should send every alarm to the topic, with no email subscription unless configured', () => {
      const topicRef = { Ref: logicalId(stack.alarms.topic) };
      template.allResourcesProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [topicRef],
        OKActions: [topicRef],
      });
      template.resourceCountIs('AWS::SNS::Subscription', 0);
    });
  });

  it('should output the API URL', () => {
    template.hasOutput('ApiUrl', {});
  });
});

describe('Class: PlannerStack with context overrides', () => {
  it('should use a JWT authorizer with the issuer and audience from context', () => {
    const { template } = buildStack({
      authorizer: 'jwt',
      jwtIssuer: 'https://issuer.example.com/',
      jwtAudience: 'planner',
    });

    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://issuer.example.com/', Audience: ['planner'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'JWT' });
  });

  it('should configure CORS for the given origins only', () => {
    const { template } = buildStack({ corsOrigins: 'https://planner.example.com' });

    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://planner.example.com'] }),
    });
  });

  it('should apply the prod table: throttling, retention, kept log groups', () => {
    const { template } = buildStack({
      stage: 'prod',
      alarmEmail: 'ops@example.com',
      refreshRegions: 'us-east-1,eu-west-1',
    });

    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REFRESH_REGIONS: 'us-east-1,eu-west-1' }) },
    });
  });

  describe('Cost guard and tracing (stage options)', () => {
    const fnOf = (t: ReturnType<typeof buildStack>['template'], service: string) =>
      Object.values(t.findResources('AWS::Lambda::Function')).find(
        (fn) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === service,
      )?.Properties;

    it.each([
      ['dev', {}, 10, 1],
      ['prod', { stage: 'prod' }, 100, 1],
      ['overridden', { apiReservedConcurrency: '25', refreshReservedConcurrency: '2' }, 25, 2],
    ])('should reserve the %s concurrency of each function', (_, context, api, refresh) => {
      const { template: t } = buildStack(context);

      expect(fnOf(t, 'planner-api')?.ReservedConcurrentExecutions).toBe(api);
      expect(fnOf(t, 'planner-refresh')?.ReservedConcurrentExecutions).toBe(refresh);
    });

    it('should reserve nothing with -c apiReservedConcurrency=none', () => {
      const { template: t } = buildStack({ apiReservedConcurrency: 'none' });

      expect(fnOf(t, 'planner-api')).not.toHaveProperty('ReservedConcurrentExecutions');
    });

    it('should not trace unless asked, and trace both functions with -c tracing=true', () => {
      expect(fnOf(buildStack().template, 'planner-api')).not.toHaveProperty('TracingConfig');
      const { template: t } = buildStack({ tracing: 'true' });

      for (const service of ['planner-api', 'planner-refresh'])
        expect(fnOf(t, service)?.TracingConfig).toEqual({ Mode: 'Active' });
    });

    it('should give the API function the public URL for its OpenAPI document', () => {
      const { template: t } = buildStack({ publicUrl: 'https://planner.example.com' });

      expect(fnOf(t, 'planner-api')?.Environment.Variables.PUBLIC_URL).toBe('https://planner.example.com');
    });
  });
});
