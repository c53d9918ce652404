// The Next.js example (www/next, App Router) with Next's defaults: `next build --webpack` and
// `next build` (Turbopack, the default of Next 16) must succeed with no prerender error; then
// `next start` serves the Turbopack build on a free port and Chromium logs in against
// auth-test-server (another origin, passed as ?api=), reloads (the server-rendered HTML is the
// hook's server snapshot, 'loading'; the client restores the session from sessionStorage with no
// login form in between) and logs out. The steps run in order; after a failed build or start the
// later ones are skipped. NEXT_BUILD_WEBPACK=0 skips the webpack build (about a third of this
// file's time).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installWithCurrentPkg } from './lib/pkg-install.mjs';
import { freePort, run, startHttpProcess } from './lib/proc.mjs';
import { repoRoot, startServer } from './lib/server.mjs';
import { SHOTS, closeSite } from './lib/site.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { holdingWasm, waitForText } from './lib/page.mjs';

const APP = path.join(repoRoot, 'www', 'next');
const NEXT = path.join(APP, 'node_modules', '.bin', 'next');
const ENV = { NEXT_TELEMETRY_DISABLED: '1' };
const BUILD_STEP = { timeout: 300000 };
const STEP = { timeout: 30000 };
const TOKEN_KEY = '_auth_token';
const WASM_BASE64 = 'AGFzbQ'; // the wasm magic number "\0asm", base64-encoded

/**
 * Runs `next build [flag]` in a clean .next and checks what it printed (kept in
 * target/e2e/next-build-<bundler>.log and shown in full when a check fails).
 */
async function nextBuild(t, flag, bundler) {
  rmSync(path.join(APP, '.next'), { recursive: true, force: true });
  const t0 = Date.now();
  // A failed build rejects with its output in the message.
  const out = await run(NEXT, ['build', ...(flag ? [flag] : [])], { cwd: APP, env: ENV, timeoutMs: 280000 });
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(path.join(SHOTS, `next-build-${bundler.toLowerCase()}.log`), out);
  t.diagnostic(`next build${flag ? ` ${flag}` : ''}: ${((Date.now() - t0) / 1000).toFixed(1)} s, ` +
    `${(out.match(/Compiled successfully in [\d.]+m?s/) ?? ['no "Compiled successfully"'])[0]}`);
  const must = (ok, what) => assert.ok(ok, `${what}; next build printed:\n${out}`);
  must(new RegExp(`Next\\.js [\\d.]+ \\(${bundler}\\)`).test(out), `the build did not say it used ${bundler}`);
  must(/Compiled successfully/.test(out), 'no "Compiled successfully"');
  must(!/Error occurred prerendering|Export encountered|Build error|Failed to compile|⨯/i.test(out),
    'the build reported an error');
  must(/○ \/\s*$/m.test(out), 'the page / is not prerendered as static content (○ /)');
  // The browser's chunks fetch the wasm: the Node entry's embedded copy (base64 of "\0asm...")
  // belongs to the server's chunks only.
  const chunks = path.join(APP, '.next', 'static', 'chunks');
  const embedding = readdirSync(chunks, { recursive: true })
    .filter((f) => f.endsWith('.js') && readFileSync(path.join(chunks, f), 'latin1').includes(WASM_BASE64));
  assert.deepEqual(embedding, [], 'browser chunks that embed the wasm as base64');
}

const storedToken = (page) => page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY);

/** Loads `url`; resolves to the server's HTML once React has hydrated it. */
async function loadPage(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  const html = await response.text();
  await page.locator('body[data-hydrated="true"]').waitFor({ timeout: 20000 });
  return html;
}

/** The server's HTML is the render of the hook's server snapshot, 'loading': no form, no user. */
function assertLoadingHtml(html) {
  assert.match(html, /<span id="status">loading<\/span>/, 'the server render says loading');
  assert.match(html, /id="loading"/, 'the server render shows Loading…');
  assert.doesNotMatch(html, /id="login-form"|id="logged-in"|id="user-name"/,
    'the server render shows neither the login form nor a user');
}

describe('Next.js example (www/next)', { timeout: 900000 }, () => {
  let server;
  let next;
  let browser;
  let page;
  let built = false;
  const wasm = [];
  const hydration = [];
  let started = false;
  const step = (name, fn) => it(name, STEP, async (t) => {
    if (!started) return t.skip('next start did not run (see the steps before)');
    await fn(t);
  });

  before(async () => {
    await installWithCurrentPkg(APP);
    server = await startServer({ extraArgs: ['--access-ttl', '30'] });
  });

  after(async () => {
    await next?.stop();
    if (browser) await closeSite({ browser, server }, 'next');
    else await server?.stop();
  });

  it('next build --webpack succeeds with no prerender error', BUILD_STEP, async (t) => {
    if (process.env.NEXT_BUILD_WEBPACK === '0') return t.skip('NEXT_BUILD_WEBPACK=0');
    await nextBuild(t, '--webpack', 'webpack');
  });

  it('next build (Turbopack) succeeds with no prerender error', BUILD_STEP, async (t) => {
    await nextBuild(t, null, 'Turbopack');
    built = true;
  });

  it('next start serves the loading server render', STEP, async (t) => {
    if (!built) return t.skip('not built');
    const port = await freePort();
    next = await startHttpProcess(NEXT, ['start', '-H', '127.0.0.1', '-p', String(port)],
      { cwd: APP, env: ENV, url: `http://127.0.0.1:${port}/` });
    assertLoadingHtml(await (await fetch(next.url)).text());
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(10000);
    // Each status #status shows, in order, from the server's HTML on.
    await browser.context.addInitScript(() => {
      window.statuses = [];
      new MutationObserver(() => {
        const status = document.getElementById('status')?.textContent;
        if (status != null && status !== window.statuses.at(-1)) window.statuses.push(status);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    // React reports a hydration mismatch as a console error, or as a warning in some versions.
    page.on('console', (m) => /hydrat|#418|#423|#425/i.test(m.text()) && hydration.push(`${m.type()}: ${m.text()}`));
    page.on('response', (r) => {
      if (/\.wasm(\?|$)/.test(r.url())) wasm.push(`${new URL(r.url()).pathname} ${r.status()} ${r.headers()['content-type']}`);
    });
    started = true;
  });

  step('the client loads the wasm and shows the login form', async () => {
    const url = `${next.url}?api=${encodeURIComponent(`${server.url}/services/`)}`;
    // The wasm is held until React has hydrated, as a slow network would hold it: the hydrated
    // page keeps the server's 'loading' (the client's snapshot is the same object until the
    // wasm is in), then shows the client's own.
    const hydrated = page.locator('body[data-hydrated="true"]');
    await holdingWasm(page, hydrated, async () => assertLoadingHtml(await loadPage(page, url)));
    await page.locator('#login-form').waitFor();
    assert.deepEqual(await page.evaluate(() => window.statuses), ['loading', 'logged_out'],
      'the server render and the client loading its wasm, then its own snapshot');
    assert.equal(wasm.length, 1, `one wasm request: ${JSON.stringify(wasm)}`);
    assert.match(wasm[0], / 200 application\/wasm$/, 'the browser fetched the wasm as a file');
  });

  step('logs in as admin and shows the name', async () => {
    await page.fill('#username', 'admin');
    await page.fill('#password', 'secret');
    await page.click('#login-button');
    await waitForText(page, 'user-name', (s) => s === 'Ada Admin', '"Ada Admin"');
    assert.equal(await page.locator('#status').textContent(), 'logged_in');
    assert.equal(await page.locator('#login-form').count(), 0);
    assert.ok(await storedToken(page), `the token is in sessionStorage under ${TOKEN_KEY}`);
    await page.screenshot({ path: path.join(SHOTS, 'next-logged-in.png'), fullPage: true });
  });

  step('after a reload: loading HTML, then the session restored, never the login form', async () => {
    assertLoadingHtml(await loadPage(page, page.url()));
    await waitForText(page, 'user-name', (s) => s === 'Ada Admin', '"Ada Admin" (restored)');
    assert.deepEqual(await page.evaluate(() => window.statuses), ['loading', 'logged_in']);
    const stats = await server.stats();
    assert.equal(stats.logins, 1, 'restored, not logged in again');
  });

  step('logs out, forgets the token, and stays logged out after a reload', async () => {
    await page.click('#logout-button');
    await page.locator('#login-form').waitFor();
    assert.equal(await page.locator('#status').textContent(), 'logged_out');
    assert.equal(await storedToken(page), null, 'sessionStorage no longer holds the token');
    await loadPage(page, page.url());
    await waitForText(page, 'status', (s) => s === 'logged_out', 'logged_out');
    assert.equal(await page.locator('#logged-in').count(), 0);
  });

  step('raised no uncaught error and logged no console error (no hydration mismatch)', () => {
    assert.deepEqual(hydration, [], 'console messages about hydration');
    assert.deepEqual(browser.problems.pageErrors, []);
    const errors = browser.problems.consoleErrors.filter((text) => !/favicon\.ico/.test(text));
    assert.deepEqual(errors, []);
  });
});
