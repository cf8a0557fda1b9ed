import { embeddedCatalog } from '../lib/catalog/index.js';
import { planV1 } from '../lib/contract/plans.js';
const req = { model: 'llama-3.1-8b', precision: 'auto', workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 } } as const;
for (let i = 0; i < 50; i++) await planV1(req, { catalog: embeddedCatalog });
const t = performance.now();
for (let i = 0; i < 300; i++) await planV1(req, { catalog: embeddedCatalog });
console.log('ms/plan', (performance.now() - t) / 300);
