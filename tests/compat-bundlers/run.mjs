// Builds app/ (the package imported with the defaults) with Vite 5, 6, 7, 8 and webpack 5, and
// as the member of an npm workspace (Vite 5, the package hoisted to the workspace root) and of a
// pnpm workspace (Vite 7, the package a dependency of the workspace root, in pnpm's store), and
// runs each production build, served by auth-test-server, and each Vite dev server in headless
// Chromium: 'loading' then 'logged_out', login, service 'profile', the user's name, logout.
// Prints one line per check and `bundlers: N passed, M failed`; exits 1 on a failure or when no
// check ran.
// Usage: node tests/compat-bundlers/run.mjs [vite5|vite6|vite7|vite8|webpack5|npm-workspace|pnpm-workspace]...
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Each app: its bundler, and for the workspaces where its folder is and how it is installed
 * (else its own folder, by `installWithCurrentPkg`). */
const APPS = {
  vite5: { kind: 'vite' },
  vite6: { kind: 'vite' },
  vite7: { kind: 'vite' },
  vite8: { kind: 'vite' },
  webpack5: { kind: 'webpack' },
  'npm-workspace': { kind: 'vite', app: 'npm-workspace/app', install: installNpmWorkspace },
  'pnpm-workspace': { kind: 'vite', app: 'pnpm-workspace/workspace/app', install: installPnpmWorkspace },
};
const chosen = process.argv.slice(2);
for (const name of chosen) if (!APPS[name]) throw new Error(`unknown app ${name}: one of ${Object.keys(APPS).join(', ')}`);
const names = chosen.length ? chosen : Object.keys(APPS);

let passed = 0;
let failed = 0;
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
/** Runs one check: `ok`/`FAIL`, its name, its time, and what it found (or why it failed). */
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    passed += 1;
    console.log(`ok   ${name} (${seconds(t0)})${detail ? `: ${detail}` : ''}`);
    return true;
  } catch (error) {
    failed += 1;
    const text = String(error?.message ?? error).trim().split('\n');
    console.log(`FAIL ${name} (${seconds(t0)}): ${text[0]}`);
    if (text.length > 1) console.log(text.slice(1, 40).map((l) => `     | ${l}`).join('\n'));
    return false;
  }
}
function finish() {
  console.log(`# ${seconds(started)} in all`);
  console.log(`bundlers: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

// The shared helpers need tests/e2e's packages (playwright-core).
let lib;
try {
  lib = {
    ...(await import('../e2e/lib/browser.mjs')),
    ...(await import('../e2e/lib/server.mjs')),
    ...(await import('../e2e/lib/pkg-install.mjs')),
    ...(await import('../e2e/lib/proc.mjs')),
  };
} catch (error) {
  await check('set-up', () => { throw new Error(`${error.message} (run scripts/setup test, or npm ci in tests/e2e)`); });
  finish();
}
const { freePort, installWithCurrentPkg, launchBrowser, pkgWasmHash, run, serverBinary, staleFile, startHttpProcess, startServer, PKG_DIR } = lib;
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

/** The npm workspace: installed at its root (a copy of pkg/, as for the other apps), where npm
 * hoists the package and Vite; the app member has no node_modules of its own. */
async function installNpmWorkspace() {
  const root = path.join(HERE, 'npm-workspace');
  const how = await installWithCurrentPkg(root);
  if (existsSync(path.join(root, 'app', 'node_modules', 'wasm-auth-client'))) {
    throw new Error('npm-workspace: wasm-auth-client was installed in app/, not hoisted to the root');
  }
  return `${how}, hoisted to the workspace root`;
}

/**
 * The pnpm workspace: the pinned pnpm (pnpm-workspace/'s devDependency, `npm ci` when missing),
 * then `pnpm install --frozen-lockfile` in workspace/, which copies pkg/ (a `file:` directory)
 * anew into pnpm's virtual store. The package is a dependency of the workspace root, linked in
 * the root's node_modules only: checks that, and the copy against pkg/.
 */
async function installPnpmWorkspace() {
  const tool = path.join(HERE, 'pnpm-workspace');
  const root = path.join(tool, 'workspace');
  const pnpm = path.join(tool, 'node_modules', '.bin', 'pnpm');
  if (!existsSync(pnpm)) await run('npm', ['ci', ...NPM_FLAGS], { cwd: tool });
  await run(pnpm, ['install', '--frozen-lockfile', '--reporter=append-only'], { cwd: root });
  rmSync(path.join(root, 'app', 'node_modules', '.vite'), { recursive: true, force: true });
  if (existsSync(path.join(root, 'app', 'node_modules', 'wasm-auth-client'))) {
    throw new Error('pnpm-workspace: app/node_modules has wasm-auth-client: the test needs it in the root\'s only');
  }
  const real = realpathSync(path.join(root, 'node_modules', 'wasm-auth-client'));
  if (!real.includes(`${path.sep}.pnpm${path.sep}`)) throw new Error(`pnpm-workspace: wasm-auth-client is at ${real}, not in pnpm's store`);
  const stale = staleFile(root);
  if (stale) throw new Error(`pnpm-workspace: node_modules/wasm-auth-client/${stale} differs from pkg/ after pnpm install`);
  return `pnpm ${(await run(pnpm, ['--version'], { cwd: tool })).trim()} install, at the workspace root, in ${path.relative(root, real)}`;
}

/** `node_modules/<name>` seen from `dir`, as Node would find it (a workspace hoists it up). */
function nodeModulesEntry(dir, name) {
  for (let at = dir; ; at = path.dirname(at)) {
    const found = path.join(at, 'node_modules', name);
    if (existsSync(found)) return found;
    if (at === path.dirname(at)) throw new Error(`${name} is not installed for ${dir}`);
  }
}

/** Copies app/ into the app's folder: index.html and src/main.js for Vite, src/index.js for webpack. */
function copyApp(dir, kind) {
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  copyFileSync(path.join(HERE, 'app', 'main.js'), path.join(dir, 'src', kind === 'vite' ? 'main.js' : 'index.js'));
  if (kind === 'vite') copyFileSync(path.join(HERE, 'app', 'index.html'), path.join(dir, 'index.html'));
}

/** What the build wrote: the JS size and whether its wasm asset is pkg/'s wasm, byte for byte. */
function describeDist(dist) {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing`);
  const files = readdirSync(dist, { recursive: true }).map((f) => path.join(dist, f));
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  const js = files.filter((f) => f.endsWith('.js'));
  const size = js.reduce((n, f) => n + statSync(f).size, 0);
  const original = readFileSync(path.join(PKG_DIR, 'wasm_auth_client_bg.wasm'));
  if (wasm.length !== 1) throw new Error(`expected one .wasm asset in ${dist}, found ${wasm.length}`);
  if (!readFileSync(wasm[0]).equals(original)) throw new Error(`${wasm[0]} differs from pkg/'s wasm (pkg/ rebuilt meanwhile?)`);
  // The Node entry's loader (which reads the wasm with node:fs and node:module) must not be in a
  // browser build.
  const nodeLoader = js.filter((f) => readFileSync(f, 'latin1').includes('node:module'));
  if (nodeLoader.length) throw new Error(`${nodeLoader.map((f) => path.relative(dist, f)).join(', ')} hold the Node loader: the Node entry was bundled`);
  return `JS ${(size / 1024).toFixed(1)} KiB, ${path.relative(dist, wasm[0])} = pkg/'s wasm`;
}

/**
 * Opens `url` in a new tab and drives app/: 'loading' then 'logged_out', login as admin, the
 * name from service 'profile', logout. Returns what it saw; throws on a wrong step, an uncaught
 * error or a console error.
 */
async function drive(context, url) {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  const warnings = [];
  const wasm = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e?.message ?? e}`));
  page.on('console', (m) => {
    // The browser's own request for /favicon.ico (the app has none) is no error of the app's.
    const where = m.location()?.url ?? '';
    if (m.type() === 'error' && !where.endsWith('/favicon.ico')) errors.push(`console.error: ${m.text()} (${where})`);
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('response', (r) => {
    if (/\.wasm(\?|$)/.test(r.url())) wasm.push(`${new URL(r.url()).pathname} ${r.status()} ${r.headers()['content-type']}`);
  });
  const text = (id) => page.locator(`#${id}`).textContent();
  const fail = async (what) => {
    throw new Error(`${what}; status ${JSON.stringify(await text('status'))}, seen ` +
      `${JSON.stringify(await text('history'))}, #error ${JSON.stringify(await text('error'))}` +
      `${errors.length ? `\n${errors.join('\n')}` : ''}${wasm.length ? `\nwasm: ${wasm.join(', ')}` : ''}`);
  };
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.getElementById('error')?.textContent,
      null, { timeout: 30000 }).catch(() => fail('not ready within 30 s'));
    if (await page.locator('body[data-ready="true"]').count() === 0) await fail('ready() failed');
    const seen = await text('history');
    if (seen !== 'loading logged_out') await fail(`statuses seen before login: ${JSON.stringify(seen)}, expected "loading logged_out"`);
    await page.fill('#username', 'admin');
    await page.fill('#password', 'secret');
    await page.click('#login-button');
    await page.waitForFunction(() => document.getElementById('user-name').textContent || document.getElementById('error').textContent)
      .catch(() => fail('no name and no error 15 s after login'));
    const name = await text('user-name');
    if (name !== 'Ada Admin') await fail(`the name after login is ${JSON.stringify(name)}, expected "Ada Admin"`);
    await page.click('#logout-button');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'logged_out')
      .catch(() => fail('not logged out after logout'));
    if (errors.length) await fail('the page reported errors');
    if (wasm.length !== 1 || !/ 200 application\/wasm/.test(wasm[0])) await fail(`wasm requests: ${JSON.stringify(wasm)}`);
    const warned = warnings.length ? `; warnings: ${warnings.join(' | ').slice(0, 300)}` : '';
    return `${seen.replace(' ', ' -> ')} -> logged_in, "${name}", logout; wasm ${wasm[0]}${warned}`;
  } finally {
    await page.close();
  }
}

/** Starts `vite` (dev) in `dir` on a free port, forcing a new dependency pre-bundle. */
async function startVite(dir) {
  const port = await freePort();
  return startHttpProcess(nodeModulesEntry(dir, path.join('.bin', 'vite')),
    ['--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force', '--clearScreen', 'false'],
    { cwd: dir, url: `http://127.0.0.1:${port}/` });
}

// The browser, the test server binary and pkg/ first: without them no check can run.
let browser;
const ready = await check('set-up', async () => {
  serverBinary();
  if (!existsSync(path.join(PKG_DIR, 'index.js'))) throw new Error(`${PKG_DIR} is not built: run \`SKIP_SETUP=1 scripts/build-pkg\``);
  const hash = pkgWasmHash();
  browser = await launchBrowser();
  return `pkg/ wasm sha256 ${hash}, ${lib.chromiumPath()}`;
});
if (!ready) finish();

try {
  // Installs in parallel (network and disk bound); builds and browsers one at a time.
  const installs = Object.fromEntries(names.map((name) => {
    const install = APPS[name].install ?? (() => installWithCurrentPkg(path.join(HERE, name)));
    return [name, install().then((how) => ({ how }), (error) => ({ error }))];
  }));
  for (const name of names) {
    const dir = path.join(HERE, APPS[name].app ?? name);
    const { kind } = APPS[name];
    const dist = path.join(dir, 'dist');
    const installed = await installs[name];
    const built = await check(`${name} build`, async () => {
      if (installed.error) throw installed.error;
      copyApp(dir, kind);
      rmSync(dist, { recursive: true, force: true });
      const bin = nodeModulesEntry(dir, path.join('.bin', kind));
      const out = await run(bin, kind === 'vite' ? ['build', '--logLevel', 'warn'] : ['--no-color'], { cwd: dir, timeoutMs: 180000 });
      const noise = out.split('\n').filter((l) => /warn|error/i.test(l) && !/compiled successfully/.test(l));
      const version = JSON.parse(readFileSync(path.join(nodeModulesEntry(dir, kind), 'package.json'), 'utf8')).version;
      return `${kind} ${version}, node_modules ${installed.how}; ${describeDist(dist)}${noise.length ? `; said: ${noise.join(' | ').slice(0, 300)}` : ''}`;
    });
    await check(`${name} build in Chromium`, async () => {
      if (!built) throw new Error('not built');
      const server = await startServer({ staticDir: dist });
      try {
        return await drive(browser.context, `${server.url}/`);
      } finally {
        await server.stop();
      }
    });
    if (kind !== 'vite') continue;
    await check(`${name} dev in Chromium`, async () => {
      if (installed.error) throw installed.error;
      const server = await startServer();
      let vite;
      try {
        vite = await startVite(dir);
        const api = encodeURIComponent(`${server.url}/services/`);
        return `${await drive(browser.context, `${vite.url}?api=${api}`)}`;
      } catch (error) {
        throw new Error(`${error.message}${vite ? `\nvite output:\n${vite.output()}` : ''}`);
      } finally {
        await vite?.stop();
        await server.stop();
      }
    });
  }
} finally {
  await browser.close();
}
finish();
