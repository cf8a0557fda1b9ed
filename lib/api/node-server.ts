/**
 * The app on a Node.js HTTP server with the limits a public port needs (API Gateway applies its own
 * when deployed): the header block and the whole request must arrive within a deadline, only so many
 * requests may be sending their bodies at once, and the errors Node answers by itself (a malformed
 * request, oversized headers, a timeout) are problem+json like every other error of the API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { httpProblem, PROBLEM_CONTENT_TYPE, reasonPhrase } from './problems.js';

export interface NodeServerOptions {
  /** The whole header block must arrive within this, ms. Default 10 s. */
  headersTimeoutMs?: number;
  /** The whole request, body included, must arrive within this, ms. Default 30 s. */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this, ms. Default 5 s (Node's). */
  keepAliveTimeoutMs?: number;
  /**
   * Slow bodies (still arriving after `slowBodyMs`) allowed at once, per process; a request with a
   * body beyond them is answered 503 with `Retry-After` at once. Default 64.
   */
  maxSlowBodies?: number;
  /** A body still arriving after this long is slow, ms. Default 1 s. */
  slowBodyMs?: number;
  /** How often Node checks the two timeouts, ms. Default 1 s. */
  timeoutCheckIntervalMs?: number;
}

type Fetch = (request: Request) => Response | Promise<Response>;

/** Node's parser and timeout errors, as the status a client should get. */
function statusForClientError(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  return 400;
}

const clientErrorDetail: Record<number, string> = {
  400: 'The request is not valid HTTP/1.1.',
  408: 'The request did not arrive in time.',
  413: 'The request body is too large.',
  431: 'The request headers are too large.',
};

/** A complete HTTP/1.1 answer written straight to a socket: the request never reached the app. */
function rawProblem(status: number, detail: string, extraHeaders = ''): string {
  const body = JSON.stringify(httpProblem(status, detail));
  return (
    `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}Connection: close\r\n\r\n${body}`
  );
}

const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * An HTTP server (not yet listening) answering with `fetch`, e.g. a Hono app's.
 *
 * @example
 * const server = createNodeServer(app.fetch);
 * server.listen(3000);
 */
export function createNodeServer(
  fetch: Fetch,
  {
    headersTimeoutMs = 10_000,
    requestTimeoutMs = 30_000,
    keepAliveTimeoutMs = 5_000,
    maxSlowBodies = 64,
    slowBodyMs = 1_000,
    timeoutCheckIntervalMs = 1_000,
  }: NodeServerOptions = {},
): Server {
  const listener = getRequestListener(fetch);
  // The response in flight on a socket: a timeout must not write over one already started.
  const inFlight = new WeakMap<Socket, ServerResponse>();
  // Requests whose bodies are still arriving, with when they started. A body is slow once it has
  // been arriving for `slowBodyMs`; complete bodies waiting for the CPU, and a burst of fast clients
  // whose bodies are a packet behind their headers, never count.
  const receiving = new Map<IncomingMessage, number>();
  const requestOn = new WeakMap<Socket, IncomingMessage>();
  const slowBodies = () => {
    const now = Date.now();
    let slow = 0;
    for (const [r, startedAt] of receiving) {
      if (r.complete || r.destroyed) receiving.delete(r);
      else if (now - startedAt >= slowBodyMs) slow += 1;
    }
    return slow;
  };

  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      connectionsCheckingInterval: timeoutCheckIntervalMs,
    },
    (req, res) => {
      inFlight.set(req.socket, res);
      res.once('finish', () => inFlight.delete(req.socket));
      if (hasBody(req)) {
        if (slowBodies() >= maxSlowBodies) {
          const problem = JSON.stringify(
            httpProblem(503, 'Too many requests are sending their bodies; retry shortly.'),
          );
          res.writeHead(503, {
            'Content-Type': PROBLEM_CONTENT_TYPE,
            'Content-Length': Buffer.byteLength(problem),
            'Retry-After': '1',
            Connection: 'close',
          });
          res.end(problem);
          return;
        }
        receiving.set(req, Date.now());
        requestOn.set(req.socket, req);
        req.once('close', () => receiving.delete(req));
      }
      void listener(req, res);
    },
  );

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const cutOff = requestOn.get(socket);
    if (cutOff) receiving.delete(cutOff);
    const response = inFlight.get(socket);
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const status = statusForClientError(error.code);
    socket.end(rawProblem(status, clientErrorDetail[status] ?? reasonPhrase(status)));
    // A client that does not read its answer must not keep the socket open.
    socket.setTimeout(1_000, () => socket.destroy());
  });
  return server;
}
