/**
 * Node side of sigv4_verifier.py: one Python process per stand-in, asked about every request. The
 * verifier is botocore (Debian's python3-botocore, installed by .ci/run); without it the signature
 * tests skip and say why.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./sigv4_verifier.py', import.meta.url));

/** Why signatures cannot be verified here, or undefined when they can. */
export const sigV4VerifierMissing: string | undefined = (() => {
  const probe = spawnSync('python3', ['-c', 'import botocore.auth'], { encoding: 'utf8' });
  if (probe.error) return 'python3 is not installed (apt-get install -y -qq python3-botocore)';
  if (probe.status !== 0) return 'botocore is not installed (apt-get install -y -qq python3-botocore)';
  return undefined;
})();

export interface SigningIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

export interface Verdict {
  valid: boolean;
  reason: string;
  canonicalRequest: string;
}

export interface SigV4Verifier {
  verify(request: { method: string; target: string; headers: Record<string, string> }): Promise<Verdict>;
  close(): void;
}

/** Starts the verifier for requests signed by `identity`. */
export function startSigV4Verifier(identity: SigningIdentity): SigV4Verifier {
  if (sigV4VerifierMissing) throw new Error(sigV4VerifierMissing);
  const child: ChildProcessWithoutNullStreams = spawn('python3', [script], { stdio: 'pipe' });
  const waiting: ((v: Verdict) => void)[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      waiting.shift()?.(JSON.parse(line) as Verdict);
    }
  });
  child.stderr.pipe(process.stderr);
  return {
    verify: (request) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(
          `${JSON.stringify({ ...request, ...identity, sessionToken: identity.sessionToken ?? null })}\n`,
        );
      }),
    close: () => {
      child.stdin.end();
      child.kill();
    },
  };
}
