// Renders the server entry once and checks the HTML shows the logged-out snapshot (and the
// 'loading' server snapshot).
// Usage: node render.mjs dist/entry-server.js   (the `vite build --ssr` output)
//        node render.mjs dev                    (Vite's dev server, ssrLoadModule)
// Exits by itself: a timer or handle left by the package would keep it alive (the runner times out).
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const what = process.argv[2];
assert.ok(what, 'usage: node render.mjs <built entry>|dev');

let html;
if (what === 'dev') {
  const { createServer } = await import('vite');
  const vite = await createServer({
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: 'custom',
    logLevel: 'warn',
  });
  try {
    const { render } = await vite.ssrLoadModule('/src/entry-server.js');
    html = render();
  } finally {
    await vite.close();
  }
} else {
  const { render } = await import(pathToFileURL(path.resolve(what)).href);
  html = render();
}

console.log(html);
assert.match(html, /data-status="logged_out"/, 'the render does not show the logged-out snapshot');
assert.match(html, /data-server-status="loading"/, 'the server snapshot is the loading one');
assert.match(html, /data-logged-in="false"/);
assert.match(html, />Signed out</);
console.log(`vite ssr (${what}): rendered logged_out`);
