import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dataDir } from './data-dir';

const TEMPLATE = fileURLToPath(new URL('../../nginx/local.conf.template', import.meta.url));

interface NginxSettings {
  binary: string;
  rootDir: string;
  port: number;
  appPorts: number[];
}

interface NginxCommand {
  command: string;
  args: string[];
}

/**
 * Renders nginx/local.conf.template into .data/nginx/<port>/ (one prefix per
 * port, so a test cluster can run beside `npm start`), checks it with
 * `nginx -t` and returns the command that runs it in the foreground.
 */
export async function prepareNginx({ binary, rootDir, port, appPorts }: NginxSettings): Promise<NginxCommand> {
  const prefix = `${await dataDir(rootDir, 'nginx', String(port))}/`;
  const conf = join(prefix, 'nginx.conf');
  await writeFile(conf, await renderConfig(rootDir, port, appPorts));

  const common = ['-p', prefix, '-c', conf, '-e', 'stderr'];
  try {
    await promisify(execFile)(binary, ['-t', ...common]);
  } catch (err) {
    const output = (err as { stderr?: string }).stderr?.trim() || String(err);
    throw new Error(`nginx rejected ${conf}:\n${output}`);
  }
  return { command: binary, args: [...common, '-g', 'daemon off;'] };
}

async function renderConfig(rootDir: string, port: number, appPorts: number[]): Promise<string> {
  const values: Record<string, string> = {
    PORT: String(port),
    APP_SERVERS: appPorts.map((p) => `server 127.0.0.1:${p} max_fails=0;`).join('\n        '),
    WEB_ROOT: join(rootDir, 'web', 'dist'),
  };
  return (await readFile(TEMPLATE, 'utf8')).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${TEMPLATE}: unknown placeholder {{${name}}}`);
    return value;
  });
}
