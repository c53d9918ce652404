// The end-to-end suite shared by the framework examples (www/react, www/vue): their built dist/
// served by auth-test-server (same origin as the API) with 4-second access tokens, driven in
// headless Chromium. The steps run in order and share one page.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { holdingWasm, number, recordTexts, secondsLeft, shownTexts, waitForText } from './page.mjs';
import { repoRoot } from './server.mjs';
import { SHOTS, closeSite, openSite } from './site.mjs';

const ACCESS_TTL = 4; // seconds: the SDK refreshes at half the lifetime, about 2 s before expiry
const STEP = { timeout: 30000 };
const BUILD = 'SKIP_SETUP=1 scripts/build-pkg && www/build-examples';

/** www/<app>/dist, which must hold index.html: else an error naming the command that builds it. */
export function appDistDir(app) {
  const dir = path.join(repoRoot, 'www', app, 'dist');
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`the ${app} example is not built: ${path.relative(repoRoot, dir)}/index.html ` +
      `is missing; build it with \`${BUILD}\``);
  }
  return dir;
}

/** The refresh counter and the countdown, read together. */
const readClock = (page) => page.evaluate(() => ({
  count: Number.parseInt(document.getElementById('refresh-count')?.textContent ?? '', 10),
  left: Number.parseInt(document.getElementById('expires-in')?.textContent ?? '', 10),
}));

/**
 * Samples the counter and countdown every 50 ms until the counter passes `count`; returns the
 * smallest countdown seen before and the countdown right after.
 */
async function watchRefresh(page, count, timeout) {
  const deadline = Date.now() + timeout;
  let lowestBefore = Infinity;
  for (;;) {
    const clock = await readClock(page);
    if (clock.count > count) return { lowestBefore, after: clock.left, count: clock.count };
    lowestBefore = Math.min(lowestBefore, clock.left);
    if (Date.now() > deadline) {
      assert.fail(`#refresh-count stayed at ${clock.count} for ${timeout} ms: no automatic refresh ` +
        `(countdown at ${clock.left})`);
    }
    await page.waitForTimeout(50);
  }
}

const storedToken = (page) => page.evaluate(() => sessionStorage.getItem('_auth_token'));

async function expectLoggedOut(page) {
  await page.locator('#login-form').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#logged-in').count(), 0, '#logged-in should not be rendered');
  assert.equal(await page.locator('#status').textContent(), 'Signed out.');
}

async function expectLoggedIn(page) {
  await page.locator('#logged-in').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#login-form').count(), 0, '#login-form should not be rendered');
  assert.equal(await page.locator('#status').textContent(), 'Signed in.');
  assert.equal(await page.locator('#user-name').textContent(), 'Ada Admin');
  assert.equal(await page.locator('#user-group').textContent(), 'admin');
  assert.equal(await page.locator('#token-type').textContent(), 'Bearer');
}

async function loadPage(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 20000 });
}

/** Loads `url` with its wasm held until the app shows 'Loading…' (the package's hook renders
 * the snapshot's 'loading' status), then lets it load. */
const loadPageHeld = (page, url) =>
  holdingWasm(page, page.locator('#status', { hasText: 'Loading…' }), () => loadPage(page, url));

/** Registers the suite for www/<app> (`title` names it in the output and the screenshots). */
export function appSuite(app, title) {
  describe(`${title} example (www/${app}/dist)`, { timeout: 180000 }, () => {
    let site;
    let server;
    let browser;
    let page;

    before(async () => {
      site = await openSite(appDistDir(app), ACCESS_TTL);
      ({ server, browser, page } = site);
      await recordTexts(browser.context, 'status');
    });

    after(() => closeSite(site, app));

    it('loads the built app and shows the login form', STEP, async () => {
      await loadPageHeld(page, `${server.url}/`);
      await expectLoggedOut(page);
      assert.deepEqual(await shownTexts(page), ['Loading…', 'Signed out.'],
        'the hook: loading while the wasm loads, then the restored (empty) session');
      assert.match(await page.locator('h1').textContent(), new RegExp(`${title} example`));
      assert.equal(await page.locator('#login-error').count(), 0);
      assert.equal(await storedToken(page), null);
    });

    it('shows invalid_credentials for a wrong password', STEP, async () => {
      await page.fill('#username', 'admin');
      await page.fill('#password', 'not-the-password');
      await page.click('#login-form button[type=submit]');
      const text = await waitForText(page, 'login-error', (x) => x.length > 0, 'an error');
      assert.match(text, /invalid_credentials/, `error text: ${text}`);
      await expectLoggedOut(page);
      await page.screenshot({ path: path.join(SHOTS, `${app}-login-error.png`), fullPage: true });
    });

    it('logs in as admin and shows the user from the token', STEP, async () => {
      await page.fill('#password', 'secret');
      await page.click('#login-form button[type=submit]');
      await expectLoggedIn(page);
      const left = await secondsLeft(page);
      assert.ok(left >= 1 && left <= ACCESS_TTL, `#expires-in right after login: ${left}`);
      assert.match(await page.locator('#expires-at').textContent(), /\d/);
      assert.equal(await page.locator('#refresh-count').textContent(), '0');
      assert.equal(await page.locator('#profile-result').textContent(), '(not called yet)');
      assert.ok(await storedToken(page), 'the token is in sessionStorage under _auth_token');
      assert.deepEqual(await shownTexts(page), ['Loading…', 'Signed out.', 'Signed in.'],
        'the hook re-rendered the page on the login');
    });

    it('resets the countdown when the token refreshes by itself', STEP, async (t) => {
      const first = await watchRefresh(page, 0, (ACCESS_TTL + 2) * 1000);
      t.diagnostic(`first refresh: countdown went down to ${first.lowestBefore}, then back to ${first.after}`);
      assert.ok(first.lowestBefore <= ACCESS_TTL - 1, `the countdown went down (lowest ${first.lowestBefore})`);
      assert.ok(first.after >= ACCESS_TTL - 1 && first.after <= ACCESS_TTL && first.after > first.lowestBefore,
        `the countdown jumped back up after the refresh: ${first.lowestBefore} -> ${first.after}`);
      assert.match(await page.locator('#expires-in').getAttribute('class'), /\bflash\b/);
      // And again: the client keeps refreshing each new token.
      const second = await watchRefresh(page, first.count, (ACCESS_TTL + 2) * 1000);
      t.diagnostic(`second refresh: ${second.lowestBefore} -> ${second.after}`);
      assert.ok(second.after > second.lowestBefore && second.after <= ACCESS_TTL,
        `${second.lowestBefore} -> ${second.after}`);
      await expectLoggedIn(page);
    });

    it('calls /services/profile through the wrapper and shows the JSON', STEP, async () => {
      await page.click('#profile-button');
      const text = await waitForText(page, 'profile-result', (x) => x.includes('"group": "admin"'),
        'the profile JSON with "group": "admin"');
      const profile = JSON.parse(text);
      assert.deepEqual(profile, { id: '1', name: 'Ada Admin', code: 'ADM-001', group: 'admin' });
      assert.equal(await page.locator('#profile-status').textContent(), 'HTTP 200');
      await page.screenshot({ path: path.join(SHOTS, `${app}-logged-in.png`), fullPage: true });
    });

    it('is still logged in after a reload (sessionStorage) and keeps refreshing', STEP, async () => {
      await loadPageHeld(page, page.url());
      await expectLoggedIn(page);
      assert.deepEqual(await shownTexts(page), ['Loading…', 'Signed in.'],
        'the hook: loading, then the restored session, never the login form in between');
      // A new page counts anew (1 if the restored token was already due and refreshed at once).
      const start = number(await page.locator('#refresh-count').textContent());
      assert.ok(start === 0 || start === 1, `#refresh-count right after the reload: ${start}`);
      const next = await watchRefresh(page, start, (ACCESS_TTL + 2) * 1000);
      assert.ok(next.after > next.lowestBefore && next.after <= ACCESS_TTL,
        `${next.lowestBefore} -> ${next.after}`);
    });

    it('logs out, forgets the token, and stays logged out after a reload', STEP, async () => {
      await page.click('#logout-button');
      await expectLoggedOut(page);
      assert.deepEqual(await shownTexts(page), ['Loading…', 'Signed in.', 'Signed out.'],
        'the hook re-rendered the page on the logout');
      assert.equal(await storedToken(page), null, 'sessionStorage no longer holds the token');
      assert.equal(await page.locator('#username').inputValue(), '');
      await page.screenshot({ path: path.join(SHOTS, `${app}-logged-out.png`), fullPage: true });
      await loadPage(page, page.url());
      await expectLoggedOut(page);
    });

    it('left the server stats consistent', STEP, async () => {
      const stats = await server.stats();
      console.log(`# stats ${JSON.stringify(stats)}`);
      assert.equal(stats.logins, 1, 'logins');
      assert.equal(stats.login_failures, 1, 'login_failures');
      assert.ok(stats.refreshes >= 3, `refreshes: ${stats.refreshes}`);
      assert.equal(stats.refresh_rejections, 0, 'refresh_rejections');
      assert.equal(stats.service_calls, 1, 'service_calls');
      assert.equal(stats.expired_token_calls, 0, 'expired_token_calls');
      assert.equal(stats.unauthenticated_calls, 0, 'unauthenticated_calls');
    });

    it('raised no uncaught error and logged no console error', STEP, () => {
      assert.deepEqual(browser.problems.pageErrors, []);
      // The wrong-password login's 403 is logged by Chromium itself; nothing else may be.
      const errors = browser.problems.consoleErrors
        .filter((text) => !/Failed to load resource: the server responded with a status of 403/.test(text));
      assert.deepEqual(errors, []);
    });
  });
}
