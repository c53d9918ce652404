// The Netuno-style app (www/netuno: React + Vite, written for @netuno/auth-client and
// @netuno/service-client with callbacks and alert()s) built with wasm-auth-client's drop-ins by
// changing only its import lines (www/netuno/build), in two variants:
//   A: wasm-auth-client/netuno, with the app's own @netuno/service-client (npm) unchanged;
//   B: wasm-auth-client/netuno and wasm-auth-client/service-client.
// Each variant is served by its own auth-test-server (4-second access tokens, the API on the same
// origin) and driven in Chromium: a wrong password (the fail callback, no unhandled rejection),
// login, isLogged, a protected _service call carrying the token, a manual refresh, automatic
// refreshes over two token lifetimes with no call sent with an expired token, a reload, logout
// (the service client no longer sends the token), and with `storage: 'local'` a second tab
// sharing the session, which a logout in either tab ends in both. The file reinstalls the current
// pkg/ into www/netuno and builds both variants first (about 10 s); about 50 s in all.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from './lib/browser.mjs';
import { installWithCurrentPkg } from './lib/pkg-install.mjs';
import { run } from './lib/proc.mjs';
import { repoRoot, startServer } from './lib/server.mjs';
import { SHOTS, closeSite } from './lib/site.mjs';

const APP = path.join(repoRoot, 'www', 'netuno');
const ACCESS_TTL = 4; // seconds
const STEP = { timeout: 30000 };
const TOKEN_KEY = '_auth_token';
const VARIANTS = {
  A: 'wasm-auth-client/netuno, the app\'s @netuno/service-client',
  B: 'wasm-auth-client/netuno and wasm-auth-client/service-client',
};
// What Chromium itself logs for the refused login (403) and the call after logout (401).
const EXPECTED_CONSOLE = /^Failed to load resource: the server responded with a status of (401|403) /;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await installWithCurrentPkg(APP);
  await run(path.join(APP, 'build'), Object.keys(VARIANTS), { cwd: APP, timeoutMs: 120000 });
}, { timeout: 240000 });

/**
 * auth-test-server on a free port that @netuno/service-client leaves alone: with a prefix that
 * starts with '/', it sends calls from a page on port 3000 to port 9000, and from any port ending
 * in "30" to the same port ending in "90" (its development-server convention).
 */
async function startApiServer(staticDir) {
  for (;;) {
    const server = await startServer({ staticDir, extraArgs: ['--access-ttl', String(ACCESS_TTL)] });
    if (!/30$/.test(new URL(server.url).port)) return server;
    await server.stop();
  }
}

/** Accepts every alert() of `page` and queues its message; `next()` takes the oldest one. */
function alertsOf(page) {
  const queue = [];
  page.on('dialog', (dialog) => {
    queue.push(dialog.message());
    dialog.accept().catch(() => {});
  });
  return {
    queue,
    async next(timeout = 10000) {
      const deadline = Date.now() + timeout;
      while (queue.length === 0) {
        if (Date.now() > deadline) assert.fail(`no alert() within ${timeout} ms`);
        await page.waitForTimeout(50);
      }
      return queue.shift();
    },
  };
}

const status = (page) => page.locator('#status').textContent();

async function load(page, url, expected) {
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('#status').waitFor();
  assert.equal(await status(page), expected);
}

/** Clicks Login with `password` (as `username`, admin by default); resolves to the alert it shows. */
async function login(page, alerts, password, username = 'admin') {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-button');
  return alerts.next();
}

/** Clicks Profile; resolves to the /services/profile response and its Authorization header. */
async function callProfile(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/services/profile'),
    page.click('#profile-button'),
  ]);
  const authorization = (await response.request().allHeaders()).authorization ?? null;
  return { status: response.status(), authorization };
}

const BEARER = /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/;

for (const [variant, title] of Object.entries(VARIANTS)) {
  describe(`Netuno app, variant ${variant} (${title})`, { timeout: 120000 }, () => {
    let server;
    let browser;
    let page;
    let alerts;
    const url = () => server.url;

    before(async () => {
      server = await startApiServer(path.join(APP, 'variants', variant, 'dist'));
      browser = await launchBrowser();
      page = browser.page;
      page.setDefaultTimeout(10000);
      alerts = alertsOf(page);
    });

    after(async () => {
      if (browser) await closeSite({ browser, server }, `netuno-${variant}`);
      else await server?.stop();
    });

    it('shows the logged-out app; isLogged() is false', STEP, async () => {
      await load(page, `${url()}/`, 'Logged out.');
      await page.click('#is-logged-button');
      assert.equal(await alerts.next(), 'NO');
    });

    it('a wrong password calls fail, and raises no unhandled rejection', STEP, async () => {
      assert.equal(await login(page, alerts, 'not-the-password'), 'Login fail.');
      assert.equal(await status(page), 'Logged out.');
      await page.waitForTimeout(300); // an unhandled rejection is reported after the callback
      assert.deepEqual(browser.problems.pageErrors, []);
      assert.equal(alerts.queue.length, 0, `alerts: ${alerts.queue}`);
      const stats = await server.stats();
      assert.equal(stats.login_failures, 1);
      assert.equal(stats.logins, 0);
    });

    it("a lockout: fail reads the server's json.locked", STEP, async () => {
      for (const expected of ['Login fail.', 'Login fail.', 'Login locked.']) {
        assert.equal(await login(page, alerts, 'wrong', 'customer'), expected);
      }
      assert.equal(await status(page), 'Logged out.');
    });

    it('logs in: success({json}) gets extra, the data function adds the altcha payload, onLogin loads the profile', STEP, async () => {
      const post = (route, body) => fetch(`${url()}/_test/${route}`, { method: 'POST', body: JSON.stringify(body) });
      await post('extra', { extra: { plan: 'pro' } });
      await post('altcha', { required: true }); // refused without the payload the app's data() adds
      try {
        assert.equal(await login(page, alerts, 'secret'), 'Login success.');
      } finally {
        await post('altcha', { required: false });
      }
      await page.locator('#login').waitFor({ state: 'detached' });
      assert.equal(await page.locator('#extra').textContent(), '{"plan":"pro"}');
      assert.equal(await page.locator('#profile').textContent(), 'Ada Admin (admin)', 'loaded in onLogin');
      assert.equal(await status(page), 'Logged in.');
      await page.click('#is-logged-button');
      assert.equal(await alerts.next(), 'YES');
      assert.ok(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY),
        `the token is in sessionStorage under ${TOKEN_KEY}`);
    });

    it('_service calls a protected service with the token', STEP, async () => {
      const before = await server.stats();
      const call = await callProfile(page);
      assert.equal(call.status, 200);
      assert.match(call.authorization ?? '', BEARER);
      assert.equal(await page.locator('#profile').textContent(), 'Ada Admin (admin)');
      const stats = await server.stats();
      assert.equal(stats.service_calls, before.service_calls + 1);
      assert.equal(stats.rejected_token_calls, 0);
    });

    it('refreshes the token on demand (refreshToken success callback)', STEP, async () => {
      const before = await server.stats();
      const tokenBefore = (await callProfile(page)).authorization;
      await page.click('#refresh-button');
      assert.equal(await alerts.next(), 'Refresh success.');
      // At least: an automatic refresh may fall in the same second.
      const { refreshes } = await server.stats();
      assert.ok(refreshes >= before.refreshes + 1, `refreshes: ${before.refreshes} -> ${refreshes}`);
      const call = await callProfile(page);
      assert.equal(call.status, 200);
      assert.match(call.authorization ?? '', BEARER);
      assert.notEqual(call.authorization, tokenBefore, 'the service client sends the new token');
    });

    it('keeps the session alive over two token lifetimes: no call with an expired token', STEP, async (t) => {
      const before = await server.stats();
      const tokens = new Set();
      const until = Date.now() + (2 * ACCESS_TTL + 1) * 1000;
      let calls = 0;
      while (Date.now() < until) {
        const call = await callProfile(page);
        calls += 1;
        assert.equal(call.status, 200, `call ${calls} answered ${call.status}`);
        tokens.add(call.authorization);
        await page.waitForTimeout(250);
      }
      const stats = await server.stats();
      t.diagnostic(`${calls} calls, ${tokens.size} tokens, ${stats.refreshes - before.refreshes} refreshes`);
      assert.ok(stats.refreshes - before.refreshes >= 2, `refreshes: ${before.refreshes} -> ${stats.refreshes}`);
      assert.ok(tokens.size >= 3, `the calls carried ${tokens.size} different tokens`);
      assert.equal(stats.rejected_token_calls, 0, 'rejected_token_calls');
      assert.equal(stats.expired_token_calls, 0, 'expired_token_calls');
      assert.equal(stats.refresh_rejections, 0, 'refresh_rejections');
      assert.equal(alerts.queue.length, 0, `alerts: ${alerts.queue}`);
      assert.equal(await status(page), 'Logged in.');
    });

    it('is still logged in after a reload, loads the profile again, and its calls carry the token', STEP, async () => {
      await load(page, page.url(), 'Logged in.');
      assert.equal(await page.locator('#profile').textContent(), 'Ada Admin (admin)', 'loaded on the restore');
      const call = await callProfile(page);
      assert.equal(call.status, 200);
      assert.match(call.authorization ?? '', BEARER);
      assert.equal((await server.stats()).logins, 1, 'restored, not logged in again');
    });

    it('logs out: onLogout, and _service no longer sends the token', STEP, async (t) => {
      await page.screenshot({ path: path.join(SHOTS, `netuno-${variant}-logged-in.png`) });
      const before = await server.stats();
      await page.click('#logout-button');
      await page.locator('#login').waitFor();
      await page.locator('#logged-out').waitFor(); // _auth.logout().then(...)
      assert.equal(await status(page), 'Logged out.');
      assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY), null);
      const call = await callProfile(page);
      assert.equal(call.status, 401);
      // @netuno/service-client cannot delete a header through config(): auth-client clears it to
      // '' (so does the original), and Chromium sends `Authorization: ` with nothing in it.
      assert.ok(call.authorization === null || call.authorization === '',
        `the call after logout carries no token: Authorization ${JSON.stringify(call.authorization)}`);
      assert.equal(await alerts.next(), 'Profile fail: 401.');
      t.diagnostic(`after logout: Authorization ${JSON.stringify(call.authorization)}`);
      const stats = await server.stats();
      assert.equal(stats.expired_token_calls, before.expired_token_calls, 'expired_token_calls');
      await load(page, page.url(), 'Logged out.');
    });

    it('loads a token got elsewhere through (await config()).token.load, as a provider login does', STEP, async () => {
      await page.click('#token-login-button');
      assert.equal(await alerts.next(), 'Token loaded.');
      await page.locator('#login').waitFor({ state: 'detached' });
      assert.equal(await page.locator('#profile').textContent(), 'Simon Supplier (supplier)', 'onLogin');
      await page.click('#logout-button');
      await page.locator('#login').waitFor();
    });

    it("with storage: 'local' a new tab shares the session, and a logout ends it in both", STEP, async () => {
      const local = `${url()}/?storage=local`;
      const before = await server.stats();
      await load(page, local, 'Logged out.');
      assert.equal(await login(page, alerts, 'secret'), 'Login success.');
      await page.locator('#login').waitFor({ state: 'detached' });
      const tab = await browser.context.newPage();
      const tabAlerts = alertsOf(tab);
      try {
        await load(tab, local, 'Logged in.');
        assert.equal((await callProfile(tab)).status, 200);
        // Both tabs refresh the one rotating refresh token for a lifetime: neither presents a dead one.
        await page.waitForTimeout((ACCESS_TTL + 1) * 1000);
        for (const p of [page, tab]) {
          assert.equal(await status(p), 'Logged in.');
          assert.equal((await callProfile(p)).status, 200);
        }
        const stats = await server.stats();
        assert.equal(stats.refresh_rejections, 0, 'refresh_rejections');
        assert.equal(stats.rejected_token_calls, before.rejected_token_calls, 'rejected_token_calls');
        await tab.click('#logout-button');
        await tab.locator('#login').waitFor();
        await page.locator('#login').waitFor(); // the first tab follows
        assert.equal(await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY), null);
        assert.deepEqual(tabAlerts.queue, []);
      } finally {
        await tab.close();
      }
    });

    it('raised no uncaught error or unhandled rejection, and logged no other console error', STEP, async (t) => {
      assert.deepEqual(browser.problems.pageErrors, []);
      assert.deepEqual(browser.problems.consoleErrors.filter((text) => !EXPECTED_CONSOLE.test(text)), []);
      assert.deepEqual(alerts.queue, []);
      t.diagnostic(`stats ${JSON.stringify(await server.stats())}`);
    });
  });
}
