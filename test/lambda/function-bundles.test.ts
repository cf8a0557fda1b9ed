/**
 * Issue 14, deployed functions: the refresh function bundles its own (locked) AWS SDK instead of the
 * Lambda runtime's, and `-c tracing=true` compiles the Powertools tracer in, which then sends X-Ray
 * segments. Both bundles are built with the stack's options (infra/bundling.ts) and run in fresh
 * Node processes, the refresh against the Price List and S3 stand-ins, S3 signatures verified.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlingFor, esbuildOptionsFor, functionEntries } from '../../infra/bundling.js';
import { parseSnapshot } from '../../lib/catalog/index.js';
import { httpApiEvent, invokeInFreshProcess } from '../../scripts/build-bundle.js';
import { type FakePricingServer, priceItem, startFakePricingServer } from '../catalog/fake-pricing-server.js';
import { type FakeS3Server, startFakeS3Server } from './fake-s3-server.js';
import { sigV4VerifierMissing } from './sigv4-verifier.js';

let outdir: string;
const files = { refresh: '', tracedApi: '' };

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'planner-bundles-'));
  files.refresh = join(outdir, 'refresh', 'index.mjs');
  files.tracedApi = join(outdir, 'api-traced', 'index.mjs');
  await build(
    esbuildOptionsFor(bundlingFor({ bundleSdk: true }), {
      entry: functionEntries.refresh,
      outfile: files.refresh,
    }),
  );
  await build(
    esbuildOptionsFor(bundlingFor({ tracing: true }), {
      entry: functionEntries.api,
      outfile: files.tracedApi,
    }),
  );
}, 120_000);
afterAll(() => rm(outdir, { recursive: true, force: true }));

describe('Refresh bundle', () => {
  const bucket = 'planner-snapshots';
  const credentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'secret',
    sessionToken: 'session-token',
  };
  let s3: FakeS3Server;
  let pricing: FakePricingServer;

  beforeAll(async () => {
    s3 = await startFakeS3Server(
      sigV4VerifierMissing ? {} : { verify: { ...credentials, region: 'us-east-1' } },
    );
    pricing = await startFakePricingServer({
      items: [
        priceItem({
          instanceType: 'g5.xlarge',
          usd: '1.0060000000',
          attributes: { vcpu: '4', memory: '16 GiB', gpu: '1' },
        }),
      ],
    });
  });
  afterAll(() => Promise.all([s3.close(), pricing.close()]));

  it('should carry the SDK inside (no import left for the runtime to resolve)', async () => {
    const code = await readFile(files.refresh, 'utf8');

    expect([...code.matchAll(/from\s*"(@aws-sdk\/[^"]+)"/g)].map((m) => m[1])).toEqual([]);
    expect(code).toContain('PricingClient');
    expect(code).not.toContain('Dynamic require of');
  });

  it('should write a snapshot with its bundled SDK, in a process with no node_modules to fall back on', async () => {
    const { result } = await invokeInFreshProcess(
      files.refresh,
      { source: 'schedule' },
      {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL_S3: s3.url,
        AWS_ENDPOINT_URL_PRICING: pricing.url,
        SNAPSHOT_BUCKET: bucket,
        REFRESH_REGIONS: 'us-east-1',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
    );

    expect(result).toMatchObject({ written: [{ region: 'us-east-1', key: 'snapshots/us-east-1.json' }] });
    const stored = s3.objects.get(`${bucket}/snapshots/us-east-1.json`);
    expect(parseSnapshot(JSON.parse(stored?.body ?? '{}')).instances.map((i) => i.instanceType)).toContain(
      'g5.xlarge',
    );
    if (!sigV4VerifierMissing) expect(s3.requests.every((r) => r.verdict?.valid)).toBe(true);
  });
});

describe('Traced API bundle (-c tracing=true)', () => {
  let daemon: Socket;
  const documents: Record<string, unknown>[] = [];

  beforeAll(async () => {
    // A stand-in X-Ray daemon: the SDK sends each segment as a UDP datagram (a header line, a JSON document).
    daemon = createSocket('udp4');
    daemon.on('message', (message) => documents.push(JSON.parse(message.toString().split('\n')[1] ?? '{}')));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', () => resolve()));
  });
  afterAll(() => daemon.close());

  it('should send the invocation subsegment with the cold start and service annotations', async () => {
    const traceId = '1-5759e988-bd862e3fe1be46a994272793';
    const { result } = await invokeInFreshProcess(files.tracedApi, httpApiEvent('GET', '/healthz'), {
      // What Lambda sets for an actively traced, on-demand function.
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: 'planner-api',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: '/var/task',
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1`,
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
      POWERTOOLS_SERVICE_NAME: 'planner-api',
      PLANNER_TRACING: 'true',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(result.statusCode).toBe(200);
    expect(documents).toContainEqual(
      expect.objectContaining({
        type: 'subsegment',
        trace_id: traceId,
        name: '## bundle',
        annotations: { ColdStart: true, Service: 'planner-api' },
      }),
    );
  });

  it('should leave the tracer out of the untraced bundle (nothing to load at cold start)', async () => {
    const untraced = join(outdir, 'api', 'index.mjs');
    await build(esbuildOptionsFor(bundlingFor(), { entry: functionEntries.api, outfile: untraced }));

    expect(await readFile(untraced, 'utf8')).not.toMatch(/AWSXRay|aws-xray-sdk/);
    expect(await readFile(files.tracedApi, 'utf8')).toMatch(/AWSXRay|aws-xray-sdk/);
  });
});
