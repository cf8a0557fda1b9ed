import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { defaultMetricsNamespace, metricNames, serviceNames } from '../../lib/observability/names.js';
import type { StageConfig } from '../config.js';
import type { CatalogRefresh } from './catalog-refresh.js';
import type { PlannerApi } from './planner-api.js';

export interface PlannerAlarmsProps {
  config: StageConfig;
  api: PlannerApi;
  refresh: CatalogRefresh;
  removalPolicy: RemovalPolicy;
}

const fiveMinutes = Duration.minutes(5);

/**
 * Alarms to one SNS topic (with an email subscription when `alarmEmail` is set): what breaks for
 * callers (5xx, errors, throttles, slow answers) and what makes prices go stale (refresh errors,
 * dead letters, snapshot age).
 */
export class PlannerAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, { config, api, refresh, removalPolicy }: PlannerAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `Planner alarms (${config.stage})`,
      enforceSSL: true,
    });
    this.topic.applyRemovalPolicy(removalPolicy);
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and states only; CloudWatch cannot publish to a topic under the AWS managed SNS key, and a customer key per stage is not worth it for that.',
    });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));

    const apiFn = api.fn.function;
    const refreshFn = refresh.fn.function;
    this.add('Api5xx', 'The HTTP API answered 5xx', {
      metric: api.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
    });
    this.add('ApiErrors', 'The API function failed invocations', {
      metric: apiFn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
    });
    this.add(
      'ApiThrottles',
      'The API function was throttled (its reserved concurrency, or the account limit)',
      {
        metric: apiFn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
      },
    );
    this.add('ApiP99Duration', `API function p99 duration above ${config.apiP99AlarmMs} ms`, {
      metric: apiFn.metricDuration({ period: fiveMinutes, statistic: 'p99' }),
      threshold: config.apiP99AlarmMs,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.add('RefreshErrors', 'The catalog refresh failed', {
      metric: refreshFn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
    });
    this.add('RefreshThrottles', 'The catalog refresh was throttled', {
      metric: refreshFn.metricThrottles({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
    });
    this.add('RefreshDeadLetters', 'A catalog refresh ended in the dead-letter queue', {
      metric: refresh.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      threshold: 1,
    });
    // The refresh reports, after every run, how old the oldest snapshot is. No report in a day means
    // the refresh did not run at all: that is as bad as an old snapshot.
    this.add(
      'SnapshotAge',
      `A catalog snapshot is older than ${config.snapshotMaxAgeHours} hours, or no refresh ran`,
      {
        metric: new cloudwatch.Metric({
          namespace: defaultMetricsNamespace,
          metricName: metricNames.snapshotAgeHours,
          dimensionsMap: { service: serviceNames.refresh },
          period: Duration.days(1),
          statistic: 'Maximum',
        }),
        threshold: config.snapshotMaxAgeHours,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      },
    );
  }

  private add(
    id: string,
    description: string,
    props: Omit<cloudwatch.AlarmProps, 'alarmDescription' | 'evaluationPeriods'> & {
      evaluationPeriods?: number;
    },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
