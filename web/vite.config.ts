import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const WEB_ROOT = dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(resolve(WEB_ROOT, '../package.json'), 'utf8')) as { version: string };
const INCLUDE = /<include src="([^"]+)"><\/include>/g;

/**
 * One index.html (so nginx's try_files and the app's fallback serve every
 * route) written as small partials: `<include src="partials/x.html"></include>`
 * is replaced at build time by that file, recursively. The result is static
 * HTML, so nothing is assembled in the browser.
 */
function htmlPartials(): Plugin {
  const inline = (html: string, from: string, depth = 0): string => {
    if (depth > 5) throw new Error(`html partials nested too deeply in ${from}`);
    return html.replace(INCLUDE, (_, src: string) => {
      const file = resolve(dirname(from), src);
      return inline(readFileSync(file, 'utf8'), file, depth + 1);
    });
  };
  return {
    name: 'absensi-html-partials',
    transformIndexHtml: { order: 'pre', handler: (html) => inline(html, resolve(WEB_ROOT, 'index.html')) },
    handleHotUpdate({ file, server }) {
      if (file.startsWith(resolve(WEB_ROOT, 'partials'))) server.ws.send({ type: 'full-reload' });
    },
  };
}

// `npx vite --config web/vite.config.ts` serves the pages with hot reload and
// sends the API and the socket to a running cluster (npm start: nginx on :8080).
// The Host header is kept, so the server's Origin check sees the page's own host.
const apiTarget = process.env.VITE_API_TARGET ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: WEB_ROOT,
  plugins: [htmlPartials()],
  // The kiosk reports it as app_version in its heartbeats.
  define: { __APP_VERSION__: JSON.stringify(version) },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: apiTarget },
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
