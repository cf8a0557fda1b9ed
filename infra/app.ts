/**
 * The CDK app: `npx cdk synth|deploy -c stage=dev|prod` (plus any stage setting as `-c key=value`).
 * cdk-nag's AwsSolutions checks run at every synth; a finding that is not acknowledged fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveStageConfig, StageConfigError } from './config.js';
import { PlannerStack } from './planner-stack.js';

const app = new App();
try {
  const config = resolveStageConfig((key) => app.node.tryGetContext(key));
  new PlannerStack(app, `Planner-${config.stage}`, {
    config,
    description: `AI workload planner: HTTP API, catalog refresh, snapshots, alarms (${config.stage})`,
    tags: { service: 'ai-workload-planner', stage: config.stage },
  });
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
