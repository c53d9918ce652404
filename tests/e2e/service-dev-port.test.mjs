// @netuno/service-client 1.2.1's development-server rule, end to end: a page served on a port
// ending in 30, with the path prefix '/services/', sends to the same port ending in 90. Two
// auth-test-servers stand in for a frontend dev server (the page, with pkg/ beside it) and the
// backend beside it; in Chromium the page imports wasm-auth-client/service-client and the main
// entry, and logs in, calls a protected service, refreshes and logs out. Every one of those
// requests must reach the backend (its stats count the login and the refresh; the page's server
// sees none), with the token (the backend's origin is the allowed one), and `_service.url()`
// names it. Needs pkg/ (SKIP_SETUP=1 scripts/build-pkg) and the server binary.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { launchBrowser } from './lib/browser.mjs';
import { repoRoot, serverBinary } from './lib/server.mjs';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>dev-server port</title>
<link rel="icon" href="data:,">
<script type="module">
  import _service from './pkg/service-client.js';
  import _auth from './pkg/index.js';
  _service.config({ prefix: '/services/' });
  const results = { url: _service.url('profile'), root: _service.url() };
  try {
    await _auth.login({ username: 'admin', password: 'secret' });
    results.logged = _auth.isLogged();
    results.authorization = (await _service({ url: 'echo' })).json.authorization;
    await _auth.refreshToken();
    results.refreshed = _auth.isLogged();
    _auth.logout();
  } catch (error) {
    results.error = \`\${error.code}: \${error.message}\`;
  }
  window.results = results;
</script>
`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** auth-test-server on 127.0.0.1:`port` (with `args`); rejects when it cannot listen there. */
async function serveOn(port, args = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'auth-e2e-devport-'));
  const portFile = path.join(dir, 'port');
  const child = spawn(serverBinary(),
    ['--addr', `127.0.0.1:${port}`, '--port-file', portFile, '--test-mode', ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  let exited = false;
  child.on('exit', () => { exited = true; });
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      for (let i = 0; i < 60 && !exited; i++) await sleep(50);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (exited) break;
    if (existsSync(portFile) && readFileSync(portFile, 'utf8').trim()) {
      try {
        await fetch(`${url}/_test/stats`);
        return { url, stop, stats: async () => (await fetch(`${url}/_test/stats`)).json() };
      } catch { /* not accepting yet */ }
    }
    await sleep(50);
  }
  await stop();
  throw new Error(`no auth-test-server on port ${port}: ${log.trim() || 'it did not start'}`);
}

let site;
let page;
let api;
let browser;

before(async () => {
  const pkg = path.join(repoRoot, 'pkg');
  assert.ok(existsSync(path.join(pkg, 'service-client.js')), 'pkg/ is built (SKIP_SETUP=1 scripts/build-pkg)');
  site = mkdtempSync(path.join(tmpdir(), 'auth-e2e-devport-site-'));
  cpSync(pkg, path.join(site, 'pkg'), { recursive: true });
  writeFileSync(path.join(site, 'index.html'), PAGE);
  // A free pair NN30 / NN90 (tried at random: other suites may hold some).
  for (let attempt = 0; !api && attempt < 20; attempt++) {
    const hundreds = 100 + Math.floor(Math.random() * 500);
    try {
      page = await serveOn(hundreds * 100 + 30, ['--static', site]);
      api = await serveOn(hundreds * 100 + 90);
    } catch {
      await page?.stop();
      page = undefined;
    }
  }
  assert.ok(api, 'a free pair of ports ending in 30 and 90');
  browser = await launchBrowser();
}, { timeout: 60000 });

after(async () => {
  await browser?.close();
  await page?.stop();
  await api?.stop();
  if (site) rmSync(site, { recursive: true, force: true });
});

it('a page on a port ending in 30 sends everything to the port ending in 90', { timeout: 30000 }, async () => {
  await browser.page.goto(`${page.url}/`);
  await browser.page.waitForFunction(() => window.results !== undefined, null, { timeout: 20000 });
  const results = await browser.page.evaluate(() => window.results);
  assert.deepEqual(results, {
    url: `${api.url}/services/profile`,
    root: `${api.url}/services/`,
    logged: true,
    authorization: true,
    refreshed: true,
  });
  const [backend, frontend] = [await api.stats(), await page.stats()];
  assert.equal(backend.logins, 1, 'the login went to the backend');
  assert.equal(backend.refreshes, 1, 'so did the refresh');
  assert.equal(frontend.logins + frontend.refreshes, 0, 'the page\'s own server got none');
  assert.deepEqual(browser.problems, { pageErrors: [], consoleErrors: [] }, 'no page errors');
});
