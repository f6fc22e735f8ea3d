import { loadConfigOrExit } from './config';
import { startAppNode } from './node';

const node = await startAppNode(loadConfigOrExit());

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    node.shutdown(signal).then(
      () => process.exit(0),
      (error) => {
        node.ctx.logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  });
}
