import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Where a child's output goes; it is always read, so the tail is kept either way. */
export type LogTarget = 'inherit' | 'ignore' | NodeJS.WritableStream;

interface ProcessSpec {
  id: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logs: LogTarget;
}

const TAIL_LINES = 50;
const DEFAULT_GRACE_MS = 10_000;

// Children that are still alive, so a launcher that exits without stopping
// them (uncaught error, a second Ctrl-C) does not leave orphans holding ports.
const alive = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of alive) signalGroup(child, 'SIGKILL');
  });
}

// Children run in their own process group (detached) so a terminal Ctrl-C
// reaches only the launcher, which then stops them in order. Signalling the
// group also reaches grandchildren such as nginx's worker processes.
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export function writeLine(target: LogTarget, line: string, stream: 'stdout' | 'stderr' = 'stderr'): void {
  if (target === 'ignore') return;
  const out = target === 'inherit' ? process[stream] : target;
  out.write(`${line}\n`);
}

/** One long-running child that can be stopped and started again with the same settings. */
export class ManagedProcess {
  /** Called when the child exits without kill() having asked it to. */
  onUnexpectedExit: ((how: string) => void) | null = null;
  private child: ChildProcess | null = null;
  private closed: Promise<string> = Promise.resolve('has not started');
  private lines: string[] = [];
  private stopRequested = false;

  constructor(readonly spec: ProcessSpec) {}

  get id(): string {
    return this.spec.id;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The last lines of output (stdout and stderr interleaved), for error messages. */
  tail(count = TAIL_LINES): string[] {
    return this.lines.slice(-count);
  }

  /** Resolves with a description of how the child ended (e.g. "exited with code 1"). */
  whenClosed(): Promise<string> {
    return this.closed;
  }

  start(): void {
    if (this.child) throw new Error(`${this.id} is already running`);
    installExitHook();
    this.stopRequested = false;
    const { command, args, cwd, env } = this.spec;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    alive.add(child);
    this.forward(child.stdout!, 'stdout');
    this.forward(child.stderr!, 'stderr');
    // 'close' (not 'exit') so the tail is complete; it also follows a failed spawn.
    this.closed = new Promise((resolve) => {
      child.on('error', (err) => this.remember(`${this.id}: ${err.message}`));
      child.once('close', (code, signal) => {
        alive.delete(child);
        this.child = null;
        const how = child.pid === undefined ? `could not be started (${command})` : describeExit(code, signal);
        if (!this.stopRequested) this.onUnexpectedExit?.(how);
        resolve(how);
      });
    });
  }

  /** Signals the child and resolves once it has exited; SIGKILL after graceMs. */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = DEFAULT_GRACE_MS): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopRequested = true;
    signalGroup(child, signal);
    const escalation = setTimeout(() => {
      writeLine(this.spec.logs, `${this.id} did not exit ${graceMs / 1000} s after ${signal}, sending SIGKILL`);
      signalGroup(child, 'SIGKILL');
    }, graceMs);
    await this.closed;
    clearTimeout(escalation);
  }

  private forward(stream: Readable, name: 'stdout' | 'stderr'): void {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      this.remember(line);
      writeLine(this.spec.logs, line, name);
    });
  }

  private remember(line: string): void {
    this.lines.push(line);
    if (this.lines.length > TAIL_LINES) this.lines.shift();
  }
}
