import RedisStore from 'connect-redis';
import session from 'express-session';
import type { Config } from '../config';
import type { Redis } from '../redis';

export const SESSION_COOKIE = 'absensi.sid';

/** Where connect-redis keeps a session: whoever must end or check one by id reads the same key. */
export const sessionStoreKey = (config: Pick<Config, 'redisPrefix'>, sessionId: string) =>
  `${config.redisPrefix}:sess:${sessionId}`;

/** Sessions live in Redis so any node serves any request; the cookie is HttpOnly and SameSite=Lax. */
export function createSessionMiddleware(config: Config, redis: Redis) {
  return session({
    name: SESSION_COOKIE,
    secret: config.session.secret,
    store: new RedisStore({ client: redis, prefix: sessionStoreKey(config, ''), ttl: config.session.ttlHours * 3600 }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.session.secureCookie,
      maxAge: config.session.ttlHours * 3600 * 1000,
    },
  });
}
