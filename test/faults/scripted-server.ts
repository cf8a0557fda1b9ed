/**
 * A local HTTP endpoint that answers each request with whatever a fault case scripts: a status and
 * raw body, a hang, or a dropped connection. Enough of the AWS JSON protocol to look like the Price
 * List API to the SDK; for well-behaved answers use test/catalog/fake-pricing-server.ts.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedAnswer =
  | { status: number; body: string; headers?: Record<string, string> }
  | 'hang'
  | 'drop-connection';

export interface ScriptedServer {
  url: string;
  /** Requests seen, with their parsed JSON bodies. */
  requests: unknown[];
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `answer(n, body)` scripts the n-th request (0-based). */
export async function startScriptedServer(
  answer: (n: number, body: unknown) => ScriptedAnswer,
): Promise<ScriptedServer> {
  const requests: unknown[] = [];
  const server = createServer(async (req, res) => {
    const body = await readJson(req);
    const n = requests.length;
    requests.push(body);
    const scripted = answer(n, body);
    if (scripted === 'hang') return;
    if (scripted === 'drop-connection') {
      req.socket.destroy();
      return;
    }
    res.writeHead(scripted.status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': `scripted-${n}`,
      ...scripted.headers,
    });
    res.end(scripted.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A GetProducts page in the Price List's shape: items are JSON strings. */
export const priceListPage = (items: readonly string[], nextToken?: string) =>
  JSON.stringify({ FormatVersion: 'aws_v1', PriceList: items, ...(nextToken && { NextToken: nextToken }) });

export const awsError = (type: string, message: string, status = 400) => ({
  status,
  body: JSON.stringify({ __type: type, message }),
  headers: { 'x-amzn-errortype': type },
});
