import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import pino from 'pino';
import { createContext } from '../../server/context';
import { runDeviceMonitor } from '../../server/devices/monitor';
import { createPresenceDeps } from '../../server/devices/presence-deps';
import { createRegistry } from '../../server/metrics/registry';
import { runCli } from './run-cli';

/**
 * `npm run devices:monitor-status -- [--dry-run] [--verbose]`: one run of the
 * device monitor by hand. --dry-run prints what it would change and changes
 * nothing; without it the changes are made (and broadcast) as the scheduler would.
 */
const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
});
const PROGRESS_FROM = 200;

await runCli(async (config) => {
  const ctx = createContext(config, {
    logger: pino({ level: values.verbose ? 'info' : 'warn', base: { node: 'cli' } }, pino.destination(2)),
  });
  let bar: SingleBar | undefined;
  try {
    const deps = createPresenceDeps(ctx, createRegistry({ ...config, nodeId: 'cli' }));
    const { checked, changes } = await runDeviceMonitor(deps, {
      dryRun: values['dry-run'],
      onProgress: (done, total) => {
        if (total < PROGRESS_FROM || !process.stderr.isTTY) return;
        bar ??= new SingleBar(
          { format: 'devices {bar} {value}/{total}', stream: process.stderr },
          Presets.shades_classic,
        );
        if (done === 0 || !bar.isActive) bar.start(total, done);
        bar.update(done);
      },
    });
    bar?.stop();
    if (values.verbose || values['dry-run']) {
      for (const c of changes) {
        const heard =
          c.seconds_since_heartbeat === null ? 'never heard' : `last heartbeat ${c.seconds_since_heartbeat}s ago`;
        console.log(
          `${values['dry-run'] ? 'would move' : 'moved'} #${c.device_id} ${c.device_name}: ${c.from_status} -> ${c.to_status} (${heard})`,
        );
      }
    }
    const verb = values['dry-run'] ? 'would change' : 'changed';
    console.log(
      `${checked} device(s) past a threshold checked, ${changes.length} ${verb}${values['dry-run'] ? ' (dry run: nothing written)' : ''}`,
    );
  } finally {
    bar?.stop();
    await ctx.close();
  }
});
