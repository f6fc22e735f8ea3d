import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { totalCpuSeconds, totalVoluntarySwitches } from './node-usage';

/*
 * Where the whole machine's CPU went during a phase (Linux /proc). On two
 * shared cores the latency of a rush is set by how busy the machine is, not
 * by any one process, so the rush reports every party: the cluster's own
 * processes, the database and Redis, nginx, and the bench itself.
 */

/** The processes of each party, by pid (all their threads count). */
export type ProcessGroups = Record<string, number[]>;

const readOrEmpty = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** Every running process whose command name (comm) is `name`: the shared MariaDB and Redis. */
export function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && readOrEmpty(`/proc/${entry}/comm`).trim() === name)
    .map(Number);
}

/** A process and its children (nginx's master forks the workers that do the relaying). */
export function withChildren(pid: number): number[] {
  const children = readOrEmpty(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children];
}

/** Busy and total jiffies of all cores since boot, from the first line of /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Microseconds that some runnable task waited for a core (Linux PSI), or null where the kernel has no PSI. */
function cpuStallMicros(): number | null {
  const total = /^some .*total=(\d+)/m.exec(readOrEmpty('/proc/pressure/cpu'))?.[1];
  return total === undefined ? null : Number(total);
}

interface MachineUsage {
  seconds: number;
  /** The share of all cores that was busy, 0–1. */
  busy_share: number;
  /** The share of the time that some task was ready to run but waited for a core (PSI "some"), 0–1; null without PSI. */
  cpu_pressure_share: number | null;
  /** Cores each party used on average. */
  cores_by_process: Record<string, number>;
  /** Voluntary context switches of each party's threads (each a wake-up), in total over the phase. */
  wakeups_by_process: Record<string, number>;
}

/** Starts measuring; the returned function ends the phase and reports it. */
export function measureMachine(groups: ProcessGroups): () => MachineUsage {
  const startedAt = performance.now();
  const machineBefore = machineJiffies();
  const stallBefore = cpuStallMicros();
  const before = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, totalCpuSeconds(pids)]));
  const switchesBefore = Object.fromEntries(
    Object.entries(groups).map(([name, pids]) => [name, totalVoluntarySwitches(pids)]),
  );
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    const machineAfter = machineJiffies();
    const stallAfter = cpuStallMicros();
    const pressure =
      stallBefore === null || stallAfter === null
        ? null
        : Math.round(((stallAfter - stallBefore) / (seconds * 1e6)) * 1000) / 1000;
    const cores = Object.fromEntries(
      Object.entries(groups).map(([name, pids]) => [
        name,
        Math.round(((totalCpuSeconds(pids) - before[name]) / seconds) * 100) / 100,
      ]),
    );
    const busy = (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total);
    return {
      seconds: Math.round(seconds * 100) / 100,
      busy_share: Math.round(busy * 1000) / 1000,
      cpu_pressure_share: pressure,
      cores_by_process: cores,
      wakeups_by_process: Object.fromEntries(
        Object.entries(groups).map(([name, pids]) => [name, totalVoluntarySwitches(pids) - switchesBefore[name]]),
      ),
    };
  };
}

/** How many times each party woke up per operation. */
export function wakeupsPerOperation(usage: MachineUsage, operations: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(usage.wakeups_by_process).map(([name, count]) => [
      name,
      Math.round((count / Math.max(1, operations)) * 10) / 10,
    ]),
  );
}

/**
 * What one operation cost each party, all of them together, and the whole machine, in milliseconds of CPU. The
 * whole machine also counts what the kernel does for nobody in particular, and whatever else runs on the host:
 * on a shared host only the parties' sum is the product's.
 */
export function cpuMsPerOperation(usage: MachineUsage, operations: number): Record<string, number> {
  const perOperation = (coresUsed: number) =>
    Math.round(((coresUsed * usage.seconds * 1000) / Math.max(1, operations)) * 100) / 100;
  const cores = Object.values(usage.cores_by_process);
  return {
    ...Object.fromEntries(Object.entries(usage.cores_by_process).map(([name, used]) => [name, perOperation(used)])),
    'all parties': perOperation(cores.reduce((sum, used) => sum + used, 0)),
    'whole machine': perOperation(usage.busy_share * cpus().length),
  };
}
