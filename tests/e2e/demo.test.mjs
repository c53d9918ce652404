// The demo page (www/demo, staged into target/demo-site) in headless Chromium against
// auth-test-server with 4-second access tokens. The steps run in order and share one page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { number, secondsLeft, waitForText } from './lib/page.mjs';
import { demoSiteDir } from './lib/server.mjs';
import { SHOTS, closeSite, openSite } from './lib/site.mjs';

const ACCESS_TTL = 4; // seconds
const STEP = { timeout: 30000 };

/** The event log's labels, newest first ("login", "logout (reason: user)", …). */
async function eventLabels(page) {
  return page.locator('#events li span').allTextContents();
}

/** Waits until the event log lists an event whose label matches `pattern`. */
async function waitForEvent(page, pattern, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const labels = await eventLabels(page);
    if (labels.some((label) => pattern.test(label))) return labels;
    if (Date.now() > deadline) {
      assert.fail(`#events: expected an event matching ${pattern} within ${timeout} ms, ` +
        `the log shows ${JSON.stringify(labels)}`);
    }
    await page.waitForTimeout(100);
  }
}

async function expectLoggedOut(page) {
  await page.locator('#logged-out').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#logged-in').isVisible(), false, '#logged-in should be hidden');
  assert.equal(await page.locator('#login-form').isVisible(), true, '#login-form should be visible');
}

/** Loads `url` and waits until demo.js is running, or fails with the error the page shows. */
async function loadPage(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(
    () => document.body.dataset.ready === 'true' || document.querySelector('#status.error'),
    null, { timeout: 20000 });
  if (await page.locator('body[data-ready="true"]').count() === 0) {
    assert.fail(`the demo did not start: ${await page.locator('#status').textContent()}`);
  }
}

describe('demo page', { timeout: 180000 }, () => {
  let site;
  let server;
  let browser;
  let page;
  let started = false;
  // The steps share one page: once it failed to start, the rest are skipped, not timed out.
  const step = (name, fn) => it(name, STEP, async (t) => {
    if (!started) {
      t.skip('the demo page did not start (see the first test)');
      return;
    }
    await fn(t);
  });

  before(async () => {
    site = await openSite(demoSiteDir(), ACCESS_TTL);
    ({ server, browser, page } = site);
  });

  after(() => closeSite(site, 'demo'));

  it('loads and shows the login form', STEP, async () => {
    await loadPage(page, `${server.url}/`);
    await expectLoggedOut(page);
    assert.equal(await page.locator('#status').textContent(), 'Signed out.');
    assert.equal(await page.locator('#login-error').isVisible(), false);
    started = true;
  });

  step('shows invalid_credentials for a wrong password', async () => {
    await page.fill('#username', 'admin');
    await page.fill('#password', 'not-the-password');
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-error').waitFor({ state: 'visible' });
    const text = await page.locator('#login-error').textContent();
    assert.match(text, /invalid_credentials/, `error text: ${text}`);
    await expectLoggedOut(page);
  });

  step('logs in as admin and shows the user and token', async () => {
    await page.fill('#password', 'secret');
    await page.click('#login-form button[type=submit]');
    await page.locator('#logged-in').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#logged-out').isVisible(), false);
    assert.equal(await page.locator('#user-name').textContent(), 'Ada Admin');
    assert.equal(await page.locator('#user-group').textContent(), 'admin');
    assert.equal(await page.locator('#token-type').textContent(), 'Bearer');
    const left = await secondsLeft(page);
    assert.ok(left >= 1 && left <= ACCESS_TTL, `#expires-in right after login: ${left}`);
    assert.match(await page.locator('#expires-at').textContent(), /\d/);
    assert.equal(await page.locator('#refresh-count').textContent(), '0');
    assert.equal(await page.locator('#password').inputValue(), '', 'password field cleared');
    await waitForEvent(page, /^login$/);
  });

  step('counts the seconds down', async () => {
    const first = await secondsLeft(page);
    await waitForText(page, 'expires-in', (t) => number(t) < first, `a number below ${first}`, 3000);
  });

  step('refreshes (automatically if the SDK does, and on "Refresh now")', async (t) => {
    // An SDK that refreshes by itself does so before the 4 s token expires; give it 2 s more.
    let auto = true;
    try {
      await waitForText(page, 'refresh-count', (x) => number(x) > 0, 'an automatic refresh',
        (ACCESS_TTL + 2) * 1000);
    } catch {
      auto = false;
    }
    if (auto) {
      t.diagnostic('automatic refresh seen');
      assert.ok(await secondsLeft(page) >= 1, 'countdown re-rendered after the automatic refresh');
    } else {
      t.diagnostic(`no automatic refresh within ${ACCESS_TTL + 2} s: checking "Refresh now" only`);
      assert.equal(await secondsLeft(page), 0, 'an unrefreshed token shows 0 seconds left');
    }

    const count = number(await page.locator('#refresh-count').textContent());
    await page.click('#refresh-button');
    await waitForText(page, 'refresh-count', (x) => number(x) > count, `a count above ${count}`);
    const left = await secondsLeft(page);
    assert.ok(left >= ACCESS_TTL - 1 && left <= ACCESS_TTL,
      `countdown reset to ~${ACCESS_TTL} s after the refresh, shows ${left}`);
    assert.equal(await page.locator('#action-error').isVisible(), false);
    await waitForEvent(page, /^refresh$/);
    const classes = await page.locator('#expires-in').getAttribute('class');
    assert.match(classes, /\bflash\b/, 'the countdown flashes on a refresh');
  });

  step('calls /services/profile and shows the JSON', async () => {
    await page.click('#profile-button');
    const text = await waitForText(page, 'profile-result', (x) => x.includes('"group": "admin"'),
      'the profile JSON with "group": "admin"');
    const profile = JSON.parse(text);
    assert.equal(profile.group, 'admin');
    assert.equal(profile.name, 'Ada Admin');
    assert.match(await page.locator('#profile-status').textContent(), /HTTP 200/);
    await page.screenshot({ path: path.join(SHOTS, 'demo-logged-in.png'), fullPage: true });
  });

  step('is still logged in after a reload (sessionStorage restore)', async () => {
    await loadPage(page, page.url());
    await page.locator('#logged-in').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#logged-out').isVisible(), false);
    assert.equal(await page.locator('#user-name').textContent(), 'Ada Admin');
    assert.equal(await page.locator('#user-group').textContent(), 'admin');
    assert.equal(await page.locator('#token-type').textContent(), 'Bearer');
    // The demo logs either the client's restore event or, when none came, that it found a session.
    await waitForEvent(page, /^(restore|session found on page load.*)$/);
  });

  step('heard the restore event after the reload', async () => {
    // The default client is created before the page's module runs; its restore event comes on a
    // zero-delay timer, after the module has subscribed.
    const labels = await eventLabels(page);
    assert.ok(labels.includes('restore'), `no restore event in ${JSON.stringify(labels)}`);
  });

  step('logs out and shows the login form, also after a reload', async () => {
    await page.click('#logout-button');
    await expectLoggedOut(page);
    await waitForEvent(page, /^logout \(reason: user\)$/);
    await page.screenshot({ path: path.join(SHOTS, 'demo-logged-out.png'), fullPage: true });
    await loadPage(page, page.url());
    await expectLoggedOut(page);
    assert.equal(await page.locator('#status').textContent(), 'Signed out.');
  });

  step('left the server stats consistent', async () => {
    const stats = await server.stats();
    console.log(`stats ${JSON.stringify(stats)}`);
    assert.ok(stats.logins >= 1, `logins: ${stats.logins}`);
    assert.ok(stats.login_failures >= 1, `login_failures: ${stats.login_failures}`);
    assert.ok(stats.refreshes >= 1, `refreshes: ${stats.refreshes}`);
    assert.equal(stats.refresh_rejections, 0, 'refresh_rejections');
    assert.ok(stats.service_calls >= 1, `service_calls: ${stats.service_calls}`);
    assert.equal(stats.expired_token_calls, 0, 'expired_token_calls');
    assert.equal(stats.unauthenticated_calls, 0, 'unauthenticated_calls');
  });

  it('raised no uncaught error in the page', STEP, () => {
    assert.deepEqual(browser.problems.pageErrors, []);
  });
});
