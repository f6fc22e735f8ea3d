import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { WEEKDAYS, type Weekday } from './calendar/types';

/**
 * The whole configuration, built once at boot from the environment and passed
 * in. A bad or missing setting stops the process with the list of what is wrong.
 */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');
const timezone = z.string().refine(isKnownTimezone, 'unknown IANA time zone');
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const port = z.coerce.number().int().min(0).max(65535);

/** Where a laptop's MariaDB and Redis are; the launcher, the bench and the tests start from these too. */
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/absensi';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  NODE_ID: z.string().min(1).max(64).optional(),
  // Loopback unless told: `npm start` must not offer the nodes to the network; the image sets 0.0.0.0.
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3001),
  WORKER_METRICS_PORT: port.default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^mysql:\/\//, 'expected mysql://user:password@host:port/database')
    .default(DEFAULT_DATABASE_URL),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(1500),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected redis://host:port[/db]')
    .default(DEFAULT_REDIS_URL),
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('absensi'),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  COOKIE_SECURE: bool.default(false),
  PIN_PEPPER: z.string().min(32, 'at least 32 characters').optional(),
  SERVICE_TOKEN: z.string().min(32, 'at least 32 characters').optional(),
  ALLOWED_ORIGINS: list.default([]),
  TRUST_PROXY: z.string().default('loopback'),
  ORG_TIMEZONE: timezone.default('Asia/Jakarta'),
  WORK_START: hhmm.default('08:00'),
  WORK_END: hhmm.default('17:00'),
  WORK_DAYS: z
    .string()
    .transform((value, ctx) => {
      const days = value
        .split(',')
        .map((day) => day.trim().toLowerCase())
        .filter(Boolean);
      const unknown = days.filter((day) => !(WEEKDAYS as readonly string[]).includes(day));
      if (unknown.length > 0 || days.length === 0)
        ctx.addIssue({ code: 'custom', message: `expected weekday names from ${WEEKDAYS.join(',')}` });
      return [...new Set(days)] as Weekday[];
    })
    .default(['mon', 'tue', 'wed', 'thu', 'fri']),
  LATE_TOLERANCE_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(20),
  PIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  PIN_MAX_FAILURES_PER_DEVICE: z.coerce.number().int().min(1).max(10_000).default(20),
  FAILURE_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  PUNCH_MAX_AGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(24),
  PUNCH_MAX_SKEW_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  OUTBOX_RELAY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(24)
    .max(24 * 365)
    .default(72),
  FORGOTTEN_CHECK_OUT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  DEVICE_MONITOR_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  BROADCAST_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  HEARTBEAT_FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(10_000).default(1000),
  REALTIME_COALESCE_MS: z.coerce.number().int().min(0).max(1000).default(5),
  REALTIME_COALESCE_MAX_MS: z.coerce.number().int().min(0).max(1000).default(250),
  REALTIME_FRAMES_PER_SECOND: z.coerce.number().int().min(100).max(1_000_000).default(4000),
  // A socket must end within 5 s of its session or admin right: checked this often on every node.
  REALTIME_SESSION_CHECK_MS: z.coerce.number().int().min(100).max(5000).default(2000),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  ALERT_SECRET_KEY: z.string().min(32, 'at least 32 characters').optional(),
  TELEGRAM_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://user:password@host:port or smtps://…')
    .optional(),
  ALERT_EMAIL_FROM: z.string().min(3).max(200).default('Absensi Live <absensi@localhost>'),
  ALERT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  ALERT_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  ALERT_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
  ALERT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  DIGEST_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  BUILD_REVISION: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,128}$/, 'letters, digits, _ . and - only')
    .default('unknown'),
});

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SECRET_NAMES = [
  'DATABASE_URL',
  'REDIS_URL',
  'REDIS_PASSWORD',
  'SESSION_SECRET',
  'PIN_PEPPER',
  'SERVICE_TOKEN',
  'ALERT_SECRET_KEY',
  'SMTP_URL',
] as const;
const GENERATED_DEV_SECRETS = ['SESSION_SECRET', 'PIN_PEPPER', 'SERVICE_TOKEN', 'ALERT_SECRET_KEY'] as const;

/** The app's own secrets; outside production they are generated, in production each process is given those it reads. */
export type AppSecret = (typeof GENERATED_DEV_SECRETS)[number];
export const APP_NODE_SECRETS: readonly AppSecret[] = GENERATED_DEV_SECRETS;

/**
 * `requires` names the secrets this process reads, which production insists
 * on: an app node reads all three, the workers and the migration none, so a
 * container is never handed a secret it does not use (docs/DEPLOYING.md,
 * "Secrets"). A process that does not require one must not read it: in
 * production it is then undefined.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  rootDir = process.cwd(),
  requires: readonly AppSecret[] = APP_NODE_SECRETS,
): Config {
  const problems: string[] = [];
  const withFiles = readSecretFiles(env, problems);
  const parsed = envSchema.safeParse(withFiles);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const values = parsed.data;
  if (values.REALTIME_COALESCE_MS > values.REALTIME_COALESCE_MAX_MS)
    problems.push('REALTIME_COALESCE_MS: must not exceed REALTIME_COALESCE_MAX_MS');
  if (values.NODE_ENV === 'production') {
    for (const name of requires) if (!values[name]) problems.push(`${name}: required in production (or ${name}_FILE)`);
  } else {
    Object.assign(values, fillDevSecrets(values, rootDir));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(values as Required<typeof values>);
}

/** Docker/Swarm secrets arrive as files: X_FILE wins over X for the secret settings. */
function readSecretFiles(env: NodeJS.ProcessEnv, problems: string[]): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = { ...env };
  for (const name of SECRET_NAMES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    try {
      result[name] = readFileSync(file, 'utf8').trim();
    } catch {
      problems.push(`${name}_FILE: cannot read ${file}`);
    }
  }
  for (const [key, value] of Object.entries(result)) if (value === '') delete result[key];
  return result;
}

/**
 * Outside production a laptop needs no setup: secrets are generated once into
 * .data/dev-secrets.json (never committed) so every node of the local cluster
 * shares them and PINs keep working across restarts.
 */
function fillDevSecrets(values: z.infer<typeof envSchema>, rootDir: string) {
  const file = resolve(rootDir, '.data/dev-secrets.json');
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const name of GENERATED_DEV_SECRETS) {
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString('hex');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return Object.fromEntries(GENERATED_DEV_SECRETS.map((name) => [name, values[name] ?? stored[name]]));
}

function toConfig(v: Required<z.infer<typeof envSchema>>) {
  return {
    env: v.NODE_ENV,
    nodeId: v.NODE_ID ?? `${hostname()}-${process.pid}`,
    host: v.HOST,
    port: v.PORT,
    workerMetricsPort: v.WORKER_METRICS_PORT,
    logLevel: v.LOG_LEVEL,
    databaseUrl: v.DATABASE_URL,
    databasePoolMax: v.DATABASE_POOL_MAX,
    databaseTimeouts: { acquireMs: v.DATABASE_ACQUIRE_TIMEOUT_MS, queryMs: v.DATABASE_QUERY_TIMEOUT_MS },
    redisUrl: withRedisPassword(v.REDIS_URL, v.REDIS_PASSWORD),
    redisPrefix: v.REDIS_PREFIX,
    redisCommandTimeoutMs: v.REDIS_COMMAND_TIMEOUT_MS,
    session: { secret: v.SESSION_SECRET, ttlHours: v.SESSION_TTL_HOURS, secureCookie: v.COOKIE_SECURE },
    pinPepper: v.PIN_PEPPER,
    serviceToken: v.SERVICE_TOKEN,
    allowedOrigins: v.ALLOWED_ORIGINS,
    trustProxy: v.TRUST_PROXY,
    org: {
      timezone: v.ORG_TIMEZONE,
      workStart: v.WORK_START,
      workEnd: v.WORK_END,
      lateToleranceMinutes: v.LATE_TOLERANCE_MINUTES,
      workDays: v.WORK_DAYS,
    },
    throttle: {
      loginMaxFailures: v.LOGIN_MAX_FAILURES,
      loginMaxFailuresPerAddress: v.LOGIN_MAX_FAILURES_PER_ADDRESS,
      pinMaxFailures: v.PIN_MAX_FAILURES,
      pinMaxFailuresPerDevice: v.PIN_MAX_FAILURES_PER_DEVICE,
      windowMinutes: v.FAILURE_WINDOW_MINUTES,
    },
    punches: { maxAgeHours: v.PUNCH_MAX_AGE_HOURS, maxSkewSeconds: v.PUNCH_MAX_SKEW_SECONDS },
    outbox: { relayAfterSeconds: v.OUTBOX_RELAY_AFTER_SECONDS, retentionHours: v.OUTBOX_RETENTION_HOURS },
    broadcastConcurrency: v.BROADCAST_CONCURRENCY,
    heartbeatFlushIntervalMs: v.HEARTBEAT_FLUSH_INTERVAL_MS,
    framePacing: {
      minWindowMs: v.REALTIME_COALESCE_MS,
      maxWindowMs: v.REALTIME_COALESCE_MAX_MS,
      framesPerSecond: v.REALTIME_FRAMES_PER_SECOND,
    },
    realtime: { sessionCheckMs: v.REALTIME_SESSION_CHECK_MS },
    deviceMonitorIntervalSeconds: v.DEVICE_MONITOR_INTERVAL_SECONDS,
    forgottenCheckOutIntervalSeconds: v.FORGOTTEN_CHECK_OUT_INTERVAL_SECONDS,
    shutdownTimeoutSeconds: v.SHUTDOWN_TIMEOUT_SECONDS,
    buildRevision: v.BUILD_REVISION,
    alerts: {
      secretKey: v.ALERT_SECRET_KEY,
      telegramApiUrl: v.TELEGRAM_API_URL.replace(/\/+$/, ''),
      smtpUrl: v.SMTP_URL ?? null,
      emailFrom: v.ALERT_EMAIL_FROM,
      timeoutMs: v.ALERT_TIMEOUT_MS,
      attempts: v.ALERT_ATTEMPTS,
      backoffMs: v.ALERT_BACKOFF_MS,
      concurrency: v.ALERT_CONCURRENCY,
      digestCheckIntervalSeconds: v.DIGEST_CHECK_INTERVAL_SECONDS,
    },
  };
}

/**
 * REDIS_PASSWORD (from a secret file, shared with the Redis server's
 * `requirepass`) goes into the URL every client is made from, so no other
 * code knows it exists.
 */
export function withRedisPassword(redisUrl: string, password: string | undefined): string {
  if (!password) return redisUrl;
  const url = new URL(redisUrl);
  url.password = password;
  return url.toString();
}

function isKnownTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The configuration an entry point runs with: a .env beside package.json fills in what the environment does not
 * set (variables already set win).
 */
export function loadConfigFromEnvironment(requires: readonly AppSecret[] = APP_NODE_SECRETS): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig(process.env, process.cwd(), requires);
}

/** Entry points call this: a config problem is a message for the operator, not a stack trace. */
export function loadConfigOrExit(requires: readonly AppSecret[] = APP_NODE_SECRETS): Config {
  try {
    return loadConfigFromEnvironment(requires);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
