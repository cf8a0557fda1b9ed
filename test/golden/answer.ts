/** One recorded answer: the status and body the API gives for a golden request. */
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { goldenRequests } from './requests.js';

export interface GoldenAnswer {
  id: string;
  status: number;
  body: unknown;
}

export async function answerAll(): Promise<GoldenAnswer[]> {
  const app = createApp({ catalog: embeddedCatalog });
  const out: GoldenAnswer[] = [];
  for (const r of goldenRequests()) {
    const res = await app.request(r.route, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(r.body),
    });
    out.push({ id: r.id, status: res.status, body: await res.json() });
  }
  return out;
}
