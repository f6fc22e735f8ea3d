import type { Clock } from '../../server/clock';
import type { RunningNode } from '../../server/node';
import { ApiClient } from './api-client';
import { startTestNode } from './app-node';
import { createTestEnvironment, type TestEnvironment } from './environment';
import { ADMIN, createAdmin, createDevice } from './fixtures';

export interface TestApp {
  env: TestEnvironment;
  nodes: RunningNode[];
  /** The admin (fixtures' ADMIN), logged in on the first node. */
  admin: ApiClient;
  /** A registered kiosk device, by its bearer token. */
  kiosk: ApiClient;
  /** Shuts the nodes down and removes the environment. */
  close(): Promise<void>;
}

/**
 * A fresh environment with in-process app nodes that all read time from one
 * test clock, its admin logged in and a kiosk, as the integration tests start.
 */
export async function startTestApp(options: {
  clock: Clock;
  /** How many app nodes; 1 unless told. */
  nodes?: number;
  /** The kiosk device's name. */
  kiosk: string;
  /** Which node the kiosk talks to; the first unless told. */
  kioskNode?: number;
}): Promise<TestApp> {
  const env = await createTestEnvironment();
  const nodes: RunningNode[] = [];
  for (let i = 0; i < (options.nodes ?? 1); i++) nodes.push(await startTestNode(env, options.clock));
  await createAdmin(env.db, env.config);
  const admin = await new ApiClient(nodes[0].url).login(ADMIN.email, ADMIN.password);
  const device = await createDevice(env.db, options.kiosk);
  const kiosk = new ApiClient(nodes[options.kioskNode ?? 0].url).withBearer(device.token);
  return {
    env,
    nodes,
    admin,
    kiosk,
    async close() {
      await Promise.all(nodes.map((node) => node.shutdown('test done')));
      await env.cleanup();
    },
  };
}
