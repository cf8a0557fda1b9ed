/**
 * `planner ui` as a user runs it (a child process through bin/planner.mjs). With --url, the page's
 * API calls go through a local proxy that signs them with SigV4 from the default credential chain
 * (here: environment credentials with a session token); a stand-in endpoint checks each signature
 * with botocore, an implementation independent of the AWS SDK for JavaScript (Debian's
 * python3-botocore; .ci/run installs it). Without --url the page plans in-process.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { regionFor } from '../../functions/cli/ui.js';

const bin = fileURLToPath(new URL('../../bin/planner.mjs', import.meta.url));
const verifierScript = fileURLToPath(new URL('./sigv4-verifier.py', import.meta.url));
const botocoreMissing =
  spawnSync('python3', ['-c', 'import botocore'], { encoding: 'utf8' }).status === 0
    ? undefined
    : 'python3-botocore is not installed (.ci/run installs it)';

const credentials = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEPLANNER',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE//session+token==',
};
const region = 'eu-west-1';

/** Starts a long-running process and resolves with it and the first stdout line matching `ready`. */
function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(command, args, { env, stdio: 'pipe' });
  return new Promise<{ child: ChildProcessWithoutNullStreams; match: RegExpMatchArray }>(
    (resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`${command} did not start: ${out}${err}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = out.match(ready);
        if (match) {
          clearTimeout(timer);
          resolve({ child, match });
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${out}${err}`)));
    },
  );
}

/** The environment `planner ui` sees: the given credentials only, no profile or instance metadata. */
const uiEnv = (overrides: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  HOME: '/nonexistent',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
  PRICING_SOURCE: 'embedded',
  ...credentials,
  ...overrides,
});

function rawGet(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Function: regionFor', () => {
  it.each([
    ['https://abc123.execute-api.eu-west-1.amazonaws.com/', undefined, {}, 'eu-west-1'],
    ['https://abc123.execute-api.cn-north-1.amazonaws.com.cn/', undefined, {}, 'cn-north-1'],
    ['https://planner.example.com/', 'ap-south-1', {}, 'ap-south-1'],
    ['https://planner.example.com/', undefined, { AWS_REGION: 'us-west-2' }, 'us-west-2'],
  ])('should read the region of %s', (url, flag, env, expected) => {
    expect(regionFor(new URL(url), flag, env)).toBe(expected);
  });

  it('should ask for --region when neither the URL nor the environment says', () => {
    expect(() => regionFor(new URL('https://planner.example.com/'), undefined, {})).toThrow(/give --region/);
  });
});

describe('CLI: planner ui --url (SigV4 signing proxy)', () => {
  let verifier: ChildProcessWithoutNullStreams | undefined;
  let verifierUrl = '';
  let ui: ChildProcessWithoutNullStreams | undefined;
  let uiUrl = '';

  beforeEach((ctx) => {
    if (botocoreMissing) ctx.skip(botocoreMissing);
  });

  beforeAll(async () => {
    if (botocoreMissing) return;
    const started = await startProcess(
      'python3',
      [
        verifierScript,
        credentials.AWS_ACCESS_KEY_ID,
        credentials.AWS_SECRET_ACCESS_KEY,
        credentials.AWS_SESSION_TOKEN,
        region,
      ],
      { PATH: process.env.PATH ?? '' },
      /^(\d+)\n/,
    );
    verifier = started.child;
    verifierUrl = `http://127.0.0.1:${started.match[1]}/stage/`;
    const running = await startProcess(
      process.execPath,
      [bin, 'ui', '--url', verifierUrl, '--region', region, '--port', '0'],
      uiEnv(),
      /Plan explorer on (http:\/\/127\.0\.0\.1:\d+\/)/,
    );
    ui = running.child;
    uiUrl = running.match[1] ?? '';
  }, 40_000);

  afterAll(() => {
    ui?.kill('SIGTERM');
    verifier?.kill('SIGTERM');
  });

  it('should forward a plan request signed for execute-api with the session token, body intact', async () => {
    const body = JSON.stringify({
      model: 'llama-3.1-8b',
      workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
    });

    const res = await fetch(new URL('v1/plans', uiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

    const answer = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(answer).toMatchObject({ verified: true, method: 'POST', path: '/stage/v1/plans', body });
    expect(answer.signedHeaders).toEqual(
      expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']),
    );
  });

  it('should sign a GET with a query string', async () => {
    const res = await fetch(new URL('v1/instances?region=eu-west-1&acceleratorKind=gpu', uiUrl));

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      verified: true,
      path: '/stage/v1/instances?region=eu-west-1&acceleratorKind=gpu',
    });
  });

  it('should pass the API\u2019s refusal through when the credentials are wrong', async () => {
    const wrong = await startProcess(
      process.execPath,
      [bin, 'ui', '--url', verifierUrl, '--region', region, '--port', '0'],
      uiEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
      /Plan explorer on (http:\/\/127\.0\.0\.1:\d+\/)/,
    );
    try {
      const res = await fetch(new URL('v1/models', wrong.match[1]));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ reason: 'signature does not match' });
    } finally {
      wrong.child.kill('SIGTERM');
    }
  }, 30_000);

  it('should serve the explorer page itself, naming the API it signs for', async () => {
    const res = await fetch(uiUrl);
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain(
      `content="{&quot;url&quot;:&quot;${verifierUrl}&quot;,&quot;region&quot;:&quot;${region}&quot;}"`,
    );
  });

  it('should refuse requests for another host name or from another origin, and paths outside the API', async () => {
    expect(await rawGet(new URL('v1/models', uiUrl).href, 'attacker.example:80')).toBe(403);
    const crossOrigin = await fetch(new URL('v1/models', uiUrl), {
      headers: { origin: 'https://attacker.example' },
    });
    expect(crossOrigin.status).toBe(403);
    expect((await fetch(new URL('admin', uiUrl))).status).toBe(404);
  });
});

describe('CLI: planner ui (in-process)', () => {
  it('should serve the page and plan in-process without --url', async () => {
    const { child, match } = await startProcess(
      process.execPath,
      [bin, 'ui', '--port', '0'],
      uiEnv(),
      /Plan explorer on (http:\/\/127\.0\.0\.1:\d+\/) \(planning in-process\)/,
    );
    try {
      const page = await fetch(match[1] ?? '');
      const plan = await fetch(new URL('v1/plans', match[1]), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'llama-3.2-1b',
          workload: { kind: 'inference', inputTokens: 128, outputTokens: 64 },
        }),
      });
      expect([page.status, plan.status]).toEqual([200, 200]);
      expect(((await plan.json()) as { tier: string }).tier).toBe('personal');
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
