import { embeddedCatalog } from '../lib/catalog/index.js';
import { PlanRequestSchema } from '../lib/contract/plan.js';
import { noFeasiblePlanProblem, planV1 } from '../lib/contract/plans.js';
import { NoFeasiblePlanError } from '../lib/planner/index.js';

const req = PlanRequestSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
try {
  const p = await planV1(req, { catalog: embeddedCatalog });
  const r = p.recommendation;
  console.log('tier', p.tier, '|', r.label, r.precision, r.purchaseOption, `$${r.hourlyUsd}/h`, `$${r.monthlyUsd}/mo`, 'cpm', r.costPerMillionOutputTokensUsd, 'jobs', r.jobHours, r.jobCostUsd);
  console.log('usage', JSON.stringify(p.usage));
  for (const a of p.alternatives) console.log('  alt', a.label, a.precision, a.purchaseOption, `$${a.monthlyUsd}/mo`, '-', a.why);
  for (const s of p.rationale) console.log('  *', s);
  console.log('managed', JSON.stringify(p.managed));
  console.log('curve', p.costCurve?.breakEvenRequestsPerDay, (p.costCurve?.points ?? []).map((x) => `${x.requestsPerDay}:${x.selfHostedMonthlyUsd}/${x.managedMonthlyUsd} ${x.selfHosted}`).join(' | '));
  console.log('options', p.options?.length, 'misses', p.misses?.length, p.misses?.slice(0, 2).map((m) => `${m.code} ${m.instanceType} ${m.message}`).join(' || '));
} catch (e) {
  if (e instanceof NoFeasiblePlanError) console.log('422', noFeasiblePlanProblem(e));
  else console.log('ERR', e);
}
