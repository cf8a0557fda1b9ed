/** The machine a bench ran on, so figures in BENCHMARKS.md can be compared with the next run. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average when the bench started: other work on the machine skews the figures. */
  loadAverage: number;
  /** The commit measured, with a mark when lib/ or functions/ had uncommitted changes. */
  revision: string;
}

/** The CPU model as /proc/cpuinfo names it (falls back to os.cpus() off Linux). */
function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    const name = line?.split(':')[1]?.trim();
    if (name) return name;
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'lib', 'functions') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in lib/ or functions/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function machineInfo(now = new Date()): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: now.toISOString().slice(0, 10),
    loadAverage: Number((loadavg()[0] ?? 0).toFixed(2)),
    revision: revision(),
  };
}
