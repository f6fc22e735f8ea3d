import { readdirSync, readFileSync } from 'node:fs';

/*
 * What the app nodes this run started use, read from /proc (Linux). When the
 * bench measures a deployment it did not start it has no pids, and callers
 * report nothing rather than a zero.
 */

const rssBytes = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

export const totalRss = (pids: number[]) => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);

// /proc/<pid>/stat counts in USER_HZ, which the kernel fixes at 100 for user space.
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds of each process, all its threads (garbage collection too). */
function cpuSeconds(pid: number): number {
  // The command name in parentheses may hold spaces; utime and stime are fields 14 and 15, the 12th and 13th after it.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export const totalCpuSeconds = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/**
 * Times the process's threads gave up their core to wait (voluntary context switches, from
 * /proc/<pid>/task/<tid>/status): each is a wake-up later, for a socket, a timer or a lock.
 */
function voluntarySwitches(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`))
    total += Number(
      /voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'))?.[1] ?? 0,
    );
  return total;
}

export const totalVoluntarySwitches = (pids: number[]) => pids.reduce((sum, pid) => sum + voluntarySwitches(pid), 0);
