import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from '../../server/clock';
import { ValidationError } from '../../server/errors';
import { createUserService } from '../../server/users/service';
import { runCli } from './run-cli';

/**
 * `npm run user:create-admin -- --email boss@kantor.id --name "Ibu Sari" [--employee-code ADM001]`
 * The password comes from ADMIN_PASSWORD or is asked for, never from the command line (shell history).
 */
const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, 'employee-code': { type: 'string' } },
});

const input = z.object({
  email: z.string().email(),
  name: z.string().min(1).max(120),
  employee_code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  password: z.string().min(8, 'at least 8 characters'),
});

async function askPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('set ADMIN_PASSWORD or run in a terminal to be asked for the password');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question('Password (min. 8 characters): ');
  } finally {
    rl.close();
  }
}

await runCli(async (config, db) => {
  const parsed = input.safeParse({
    email: values.email,
    name: values.name,
    employee_code: values['employee-code'] ?? `ADM${Date.now().toString(36).toUpperCase()}`,
    password: await askPassword(),
  });
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const users = createUserService({ db, clock: systemClock, config });
  const admin = await users.create({ ...parsed.data, role: 'admin' });
  console.log(`Created admin #${admin.id} ${admin.email} (${admin.employee_code})`);
});
