/**
 * `planner ui`: the plan explorer on a local port. Without `--url` it plans in-process (the same
 * app as `npm start`). With `--url <ApiUrl>` it serves the page itself and forwards the page's API
 * calls to the deployed API, signed with SigV4 (service execute-api) from the caller's default AWS
 * credential chain: a browser cannot sign requests to the IAM-protected API, this proxy can.
 *
 * The proxy holds the caller's credentials, so it listens on 127.0.0.1 only, forwards only the
 * API's own paths, and refuses requests whose Host or Origin is not its own (a web page elsewhere,
 * or a DNS-rebinding host name, cannot use it to reach the API).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { contentSecurityPolicy } from '../../lib/api/content-security.js';
import { registerExplorer } from '../../lib/api/explorer/index.js';
import { createApp, MAX_BODY_BYTES } from '../../lib/api/index.js';
import { httpProblem, problemResponse } from '../../lib/api/problems.js';
import { createCatalogSource } from '../../lib/catalog/create-source.js';
import { NodeSha256 } from '../../lib/catalog/node-sha256.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface UiOptions {
  /** The deployed API's base URL (the stack's ApiUrl output); absent: plan in-process. */
  url?: string;
  /** The API's region; read from an execute-api host name when absent. */
  region?: string;
  /** Local port; 0 picks a free one. */
  port?: number;
  env?: Env;
  /** Credentials to sign with; default: the AWS SDK's default provider chain. */
  credentials?: AwsCredentialIdentityProvider;
}

export interface RunningUi {
  /** Where the page is, e.g. http://127.0.0.1:3000/ */
  url: string;
  /** Where its API calls go: 'in-process' or the API's base URL and region. */
  target: 'in-process' | { url: string; region: string };
  close(): Promise<void>;
}

/** A bad --url or --region: the CLI reports it as a usage error. */
export class UiOptionError extends Error {
  override readonly name = 'UiOptionError';
}

/** The paths of the API a page may call through the proxy. */
const forwardedPaths = [/^\/v1\//, /^\/openapi\.json$/, /^\/healthz$/];

const executeApiHost = /\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;

/** The region of an execute-api URL, else the given one, else the environment's. */
export function regionFor(apiUrl: URL, region: string | undefined, env: Env): string {
  const fromHost = executeApiHost.exec(apiUrl.hostname)?.[1];
  const chosen = region ?? fromHost ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!chosen) {
    throw new UiOptionError(`cannot tell the region of ${apiUrl.origin}: give --region (or set AWS_REGION)`);
  }
  return chosen;
}

async function defaultCredentials(): Promise<AwsCredentialIdentityProvider> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  return defaultProvider();
}

/** Headers of the page's request that the API needs; nothing else (no cookies) is forwarded. */
const forwardedRequestHeaders = ['content-type', 'accept'];
const forwardedResponseHeaders = ['content-type', 'allow', 'retry-after'];

/** The local app of `planner ui --url`: the page, and the API's paths forwarded with SigV4. */
export function signingProxyApp({
  apiUrl,
  region,
  credentials,
  allowedHosts,
}: {
  apiUrl: URL;
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** Host header values this server answers to (127.0.0.1:<port>, localhost:<port>). */
  allowedHosts: () => readonly string[];
}) {
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: NodeSha256 });
  const base = apiUrl.pathname.replace(/\/+$/, '');
  const app = new Hono();
  app.use(secureHeaders({ contentSecurityPolicy }));
  app.use(async (c, next) => {
    const host = c.req.header('host') ?? '';
    const origin = c.req.header('origin');
    const own = allowedHosts();
    if (!own.includes(host) || (origin !== undefined && !own.some((h) => origin === `http://${h}`))) {
      return problemResponse(c, httpProblem(403, 'This local proxy only answers pages it served itself.'));
    }
    return next();
  });
  app.use('/v1/*', bodyLimit({ maxSize: MAX_BODY_BYTES }));
  registerExplorer(app, { apiTarget: { url: apiUrl.href, region } });

  const forward = async (c: Context) => {
    const incoming = new URL(c.req.url);
    const target = new URL(`${base}${incoming.pathname}${incoming.search}`, apiUrl);
    const body = ['GET', 'HEAD'].includes(c.req.method) ? undefined : await c.req.text();
    const headers: Record<string, string> = { host: target.host };
    for (const name of forwardedRequestHeaders) {
      const value = c.req.header(name);
      if (value !== undefined) headers[name] = value;
    }
    let signed: { headers: Record<string, string> };
    try {
      signed = await signer.sign({
        method: c.req.method,
        protocol: target.protocol,
        hostname: target.hostname,
        ...(target.port && { port: Number(target.port) }),
        path: target.pathname,
        query: Object.fromEntries(target.searchParams),
        headers,
        ...(body !== undefined && { body }),
      });
    } catch (error) {
      return problemResponse(
        c,
        httpProblem(502, `Could not sign the request with your AWS credentials: ${(error as Error).message}`),
      );
    }
    let answer: Response;
    try {
      answer = await fetch(target, { method: c.req.method, headers: signed.headers, body });
    } catch (error) {
      return problemResponse(
        c,
        httpProblem(502, `${target.origin} did not answer: ${(error as Error).message}`),
      );
    }
    const responseHeaders = new Headers();
    for (const name of forwardedResponseHeaders) {
      const value = answer.headers.get(name);
      if (value !== null) responseHeaders.set(name, value);
    }
    return new Response(await answer.arrayBuffer(), { status: answer.status, headers: responseHeaders });
  };
  app.all('*', (c) => {
    const path = new URL(c.req.url).pathname;
    if (forwardedPaths.some((p) => p.test(path))) return forward(c);
    return problemResponse(c, httpProblem(404, `No route for ${c.req.method} ${path}.`));
  });
  return app;
}

/**
 * Starts the explorer on 127.0.0.1.
 *
 * @example
 * const ui = await startUi({ url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/', port: 3000 });
 * console.log(`open ${ui.url}`);
 */
export async function startUi({
  url,
  region,
  port = 3000,
  env = process.env,
  credentials,
}: UiOptions = {}): Promise<RunningUi> {
  let fetchHandler: (request: Request) => Response | Promise<Response>;
  let target: RunningUi['target'] = 'in-process';
  let listening: AddressInfo | undefined;
  const allowedHosts = () =>
    listening ? [`127.0.0.1:${listening.port}`, `localhost:${listening.port}`] : [];
  if (url === undefined) {
    fetchHandler = createApp({ catalog: createCatalogSource({ env }) }).fetch;
  } else {
    let apiUrl: URL;
    try {
      apiUrl = new URL(url);
    } catch {
      throw new UiOptionError(`--url ${url} is not a URL`);
    }
    if (apiUrl.protocol !== 'https:' && apiUrl.protocol !== 'http:') {
      throw new UiOptionError(`--url ${url} must be an http(s) URL`);
    }
    const apiRegion = regionFor(apiUrl, region, env);
    target = { url: apiUrl.href, region: apiRegion };
    fetchHandler = signingProxyApp({
      apiUrl,
      region: apiRegion,
      credentials: credentials ?? (await defaultCredentials()),
      allowedHosts,
    }).fetch;
  }
  const server = serve({ fetch: fetchHandler, hostname: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  listening = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${listening.port}/`,
    target,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
