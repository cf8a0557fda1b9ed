/**
 * A reporter that says why tests were skipped: every skip in this suite states its reason with
 * `ctx.skip(reason)` (e.g. reference data that lives beside the repository, or a browser that is not
 * installed), and the reasons are listed after the run, so a skipped check is never silent. A skip
 * without a reason is listed too, as one to fix.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReasons implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const byReason = new Map<string, string[]>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped') continue;
        const reason = result.note ?? 'no reason stated (use ctx.skip(reason))';
        byReason.set(reason, [
          ...(byReason.get(reason) ?? []),
          `${module.moduleId.split('/test/').pop()}: ${test.name}`,
        ]);
      }
    }
    if (byReason.size === 0) return;
    const lines = [...byReason].flatMap(([reason, tests]) => [
      `  ${tests.length} skipped: ${reason}`,
      ...tests.map((name) => `      ${name}`),
    ]);
    process.stdout.write(`\nSkipped tests and why:\n${lines.join('\n')}\n`);
  }
}
