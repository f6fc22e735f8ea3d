import { hashToken } from '../../server/auth/secrets';
import { systemClock } from '../../server/clock';
import { insertDevice } from '../../server/devices/repository';
import { createUserService } from '../../server/users/service';
import {
  DEMO_ADMIN,
  DEMO_DEVICES,
  DEMO_EMPLOYEE_NAMES,
  DEMO_EMPLOYEE_PASSWORD,
  DEMO_HOLIDAYS_2026,
  DEMO_PIN,
} from './demo-data';
import { runCli } from './run-cli';

/** Seeds demo data once: it does nothing when any user exists, and never in production. */
await runCli(async (config, db) => {
  if (config.env === 'production') {
    console.log(
      'NODE_ENV=production: no demo data is seeded (create the first admin with `npm run user:create-admin`)',
    );
    return;
  }
  const existing = await db('users').count({ n: '*' }).first();
  if (Number(existing?.n) > 0) {
    console.log('Demo data already present; seed skipped');
    return;
  }
  const users = createUserService({ db, clock: systemClock, config });
  await users.create(DEMO_ADMIN);
  for (const [index, name] of DEMO_EMPLOYEE_NAMES.entries()) {
    const code = `EMP${String(index + 1).padStart(3, '0')}`;
    await users.create({
      employee_code: code,
      name,
      email: `${code.toLowerCase()}@example.com`,
      password: DEMO_EMPLOYEE_PASSWORD,
      pin: DEMO_PIN,
    });
  }
  for (const device of DEMO_DEVICES)
    await insertDevice(db, { name: device.name, location: device.location, token_hash: hashToken(device.token) });
  await db('holidays').insert(DEMO_HOLIDAYS_2026);
  console.log(
    `Seeded demo data: admin ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}; employees EMP001–EMP${String(DEMO_EMPLOYEE_NAMES.length).padStart(3, '0')} (PIN ${DEMO_PIN}, web login empNNN@example.com / ${DEMO_EMPLOYEE_PASSWORD}); ${DEMO_DEVICES.length} kiosk devices; ${DEMO_HOLIDAYS_2026.length} holidays of 2026`,
  );
});
