/**
 * `npm run docs:openapi`: writes docs/openapi.json, the OpenAPI 3.1 document exactly as the API
 * serves it at GET /openapi.json (generated from the same zod schemas that validate requests), for
 * readers of the repository and for tools that want a file. test/api/openapi-file.test.ts fails when
 * the committed file and the served document differ: re-run this script after changing the contract.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp } from '../lib/api/index.js';
import { embeddedCatalog } from '../lib/catalog/embedded.js';

export const openApiFile = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/** The server the document lists first: the one the request came through, here `npm start`'s. */
const localOrigin = 'http://localhost:3000';

/** The document GET /openapi.json serves to a caller of the local server. */
export async function servedOpenApiDocument(): Promise<unknown> {
  const app = createApp({ catalog: embeddedCatalog, logError: () => {} });
  const response = await app.request(`${localOrigin}/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return response.json();
}

/** The file's text: two-space JSON and a final newline. */
export const openApiFileText = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(openApiFile, openApiFileText(await servedOpenApiDocument()));
  console.log(`Wrote ${openApiFile}`);
}
