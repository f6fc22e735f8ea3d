import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProgram } from '../../scripts/lib/programs';

const PRODUCTION_CONF = new URL('../../nginx/nginx.conf', import.meta.url).pathname;
const REAL_IP_CONF = new URL('../../nginx/real-ip.conf', import.meta.url).pathname;
const APP_SERVER = /^(\s*)server app:3000 resolve (.*;)$/gm;

export function nginxBinary(): string {
  const binary = findProgram('nginx');
  if (!binary) throw new Error('nginx is not installed (.ci/run installs it: apt-get install nginx-light)');
  return binary;
}

/** `resolve` on an upstream server exists from nginx 1.27.3 (the image runs 1.28); Debian 12 ships 1.22. */
export function supportsUpstreamResolve(binary: string): boolean {
  const { stdout, stderr } = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  const version = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(`${stderr}${stdout}`);
  if (!version) throw new Error(`cannot read the version of ${binary}`);
  const [major, minor, patch] = version.slice(1).map(Number) as [number, number, number];
  return major > 1 || minor > 27 || (minor === 27 && patch >= 3);
}

interface RenderOptions {
  prefix: string;
  /** Loopback ports standing for the app nodes behind the name `app`. */
  appPorts: number[];
  port: number;
  statusPort: number;
  /** Keep `resolve` on the app servers (only where nginx knows it). */
  resolve: boolean;
  /** Lines added to nginx/real-ip.conf, e.g. the `set_real_ip_from` of a load balancer in front. */
  realIpSources?: string;
  /** Write the access log to this file rather than stdout (nginx cannot open a socket as /dev/stdout). */
  accessLog?: string;
}

/**
 * nginx/nginx.conf as this machine can run it, with nothing else changed:
 * the `app` name (Docker's DNS) becomes one loopback server per app port,
 * the listen ports become free ones, and pid, cache and included paths move
 * into the prefix directory. Returns the path of the written file.
 */
export function renderProductionConfig({
  prefix,
  appPorts,
  port,
  statusPort,
  resolve,
  realIpSources = '',
  accessLog,
}: RenderOptions): string {
  const conf = readFileSync(PRODUCTION_CONF, 'utf8');
  const rendered = conf
    .replace(APP_SERVER, (_, indent: string, rest: string) =>
      appPorts.map((p) => `${indent}server 127.0.0.1:${p}${resolve ? ' resolve' : ''} ${rest}`).join('\n'),
    )
    .replace(/^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*)listen 8081;$/m, `$1listen 127.0.0.1:${statusPort};`)
    .replace(/^pid \/run\/nginx\.pid;$/m, `pid ${join(prefix, 'nginx.pid')};`)
    .replaceAll('/var/cache/nginx/', `${join(prefix, 'cache')}/`)
    .replace(/^(\s*)include \/etc\/nginx\/real-ip\.conf;$/m, `$1include ${join(prefix, 'real-ip.conf')};`)
    .replace(/^(\s*)access_log \/dev\/stdout json;$/m, (line, indent: string) =>
      accessLog ? `${indent}access_log ${accessLog} json;` : line,
    );
  if (rendered.match(/\bapp:3000\b|listen 80[89][01];|\/var\/cache\/|\/etc\/nginx\/real-ip/))
    throw new Error('nginx/nginx.conf changed shape: update renderProductionConfig');
  // nginx's worker processes drop root privileges and must reach the cache.
  chmodSync(prefix, 0o755);
  mkdirSync(join(prefix, 'cache'), { recursive: true, mode: 0o777 });
  chmodSync(join(prefix, 'cache'), 0o777);
  writeFileSync(join(prefix, 'real-ip.conf'), `${readFileSync(REAL_IP_CONF, 'utf8')}\n${realIpSources}\n`);
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, rendered);
  return file;
}
