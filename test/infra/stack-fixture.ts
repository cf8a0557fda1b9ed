/**
 * Builds the stack the way `infra/app.ts` does, for a stage and context overrides, with bundling
 * skipped (`aws:cdk:bundling-stacks: []`) so tests do not run esbuild.
 */

import type { CfnElement } from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { resolveStageConfig } from '../../infra/config.js';
import { PlannerStack } from '../../infra/planner-stack.js';

export function buildStack(context: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const config = resolveStageConfig((key) => app.node.tryGetContext(key));
  const stack = new PlannerStack(app, `Planner-${config.stage}`, { config });
  return { app, stack, config, template: Template.fromStack(stack) };
}

export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

/** Every statement of the inline policies attached to a role. */
export function statementsOf(template: Template, role: IConstruct): Statement[] {
  const roleId = logicalId(role);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** The actions a role's policies allow, flattened and sorted. */
export function actionsOf(template: Template, role: IConstruct): string[] {
  return statementsOf(template, role)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .sort();
}
