import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const DOCKERFILE = new URL('../../Dockerfile', import.meta.url).pathname;
const PACKAGE_JSON = new URL('../../package.json', import.meta.url).pathname;

interface Instruction {
  keyword: string;
  args: string;
  /** Name of the stage it belongs to. */
  stage: string;
}

/** The Dockerfile as instructions: comments dropped, continuation lines joined. */
export function readDockerfile(): Instruction[] {
  const lines = readFileSync(DOCKERFILE, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line));
  const joined = lines.join('\n').replace(/\\\n/g, ' ');
  const instructions: Instruction[] = [];
  let stage = '';
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, keyword, rest] = match as unknown as [string, string, string];
    const args = rest.replace(/\s+/g, ' ').trim();
    if (keyword === 'FROM') stage = / AS (\S+)$/i.exec(args)?.[1] ?? '';
    instructions.push({ keyword, args, stage });
  }
  return instructions;
}

export function stageNames(instructions: Instruction[]): string[] {
  return instructions.filter((i) => i.keyword === 'FROM').map((i) => i.stage);
}

export function inStage(instructions: Instruction[], stage: string, keyword?: string): Instruction[] {
  return instructions.filter((i) => i.stage === stage && (!keyword || i.keyword === keyword));
}

const pairs = (args: string) =>
  args.split(' ').map((pair) => {
    const [key, ...value] = pair.split('=');
    return [key!, value.join('=')] as const;
  });

/** ENV of a stage as variables (the KEY=value form), `${ARG}` filled in with the stage's ARG defaults. */
export function stageEnv(instructions: Instruction[], stage: string): Record<string, string> {
  const args = Object.fromEntries(inStage(instructions, stage, 'ARG').flatMap((i) => pairs(i.args)));
  const env: Record<string, string> = {};
  for (const { args: line } of inStage(instructions, stage, 'ENV'))
    for (const [key, value] of pairs(line))
      env[key] = value.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
  return env;
}

/** The HEALTHCHECK's options (--interval=10s …) in seconds. */
export function healthcheckTimings(instructions: Instruction[]): Record<string, number> {
  const [healthcheck] = inStage(instructions, 'runtime', 'HEALTHCHECK');
  if (!healthcheck) throw new Error('the runtime stage has no HEALTHCHECK');
  return Object.fromEntries(
    [...healthcheck.args.matchAll(/--([a-z-]+)=(\d+)(s?)/g)].map(([, name, value]) => [name!, Number(value)]),
  );
}

/** An exec-form (JSON array) argument, e.g. of CMD or of HEALTHCHECK … CMD. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}

/** `npm run build:server`, the bundling the image's `npm run build` does, as the shell would run it. */
export function serverBuildCommand(): string {
  const { scripts } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { scripts: Record<string, string> };
  const command = scripts['build:server'];
  if (!command) throw new Error('package.json has no build:server script');
  return command.replace(/^esbuild /, 'node_modules/.bin/esbuild ');
}

/**
 * The app bundled exactly as the image's build stage bundles it, laid out as
 * in the runtime image: `<imageDir>/dist/…`, package.json, and node_modules
 * (a link to the checkout's). `extraArgs` go to esbuild as well (a metafile).
 * The image test and the bench both run what this builds, so they measure
 * what ships rather than the TypeScript through tsx.
 */
export async function bundleAsTheImage(rootDir: string, imageDir: string, extraArgs: string[] = []): Promise<void> {
  const command = serverBuildCommand();
  if (command.match(/--outdir=dist\b/g)?.length !== 1) throw new Error('the esbuild RUN must write to --outdir=dist');
  const script = [command.replace('--outdir=dist', `--outdir=${imageDir}/dist`), ...extraArgs].join(' ');
  await promisify(execFile)('sh', ['-c', script], { cwd: rootDir });
  writeFileSync(join(imageDir, 'package.json'), readFileSync(join(rootDir, 'package.json')));
  symlinkSync(join(rootDir, 'node_modules'), join(imageDir, 'node_modules'));
}
