// Cookie mode (issue 13): the demo with ?mode=cookie against auth-test-server --refresh-cookie
// with 4-second access tokens. The refresh token lives in the server's HttpOnly cookie, the
// access token in each tab's memory, and the tabs share the session over a BroadcastChannel.
// The steps run in order and share one browser context (its tabs and its cookie jar):
// login, what an injected script can read, reload (restore through the cookie), a second tab
// (logged in by the first, no server call), three tabs for COOKIE_TABS_SECONDS (default 60)
// with service calls every second, and a logout that ends every tab. A last part logs in with
// storage session, local and memory on a server without the cookie and runs the same injected
// script, so the log ends with what such a script could read in each mode.
//
// refreshJitter=0: every tab's refresh timer fires at the same instant for the shared token,
// the worst case for the cross-tab lock (as in tabs.test.mjs); with the default jitter the
// timers would spread and a broken lock would show less often.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from './lib/browser.mjs';
import { demoSiteDir, startServer } from './lib/server.mjs';
import { SHOTS } from './lib/site.mjs';
import { allShow, loggedIn, login } from './lib/page.mjs';
import { captureWasmMemory, COOKIE, injectedScript, jti, jwtsIn, readableVia, recordAuthTraffic, tableLine, timingProbe } from './lib/injected.mjs';

const ACCESS_TTL = 4; // seconds: a rotation every ~2 s (the lead is capped at half the lifetime)
const RUN_S = Number(process.env.COOKIE_TABS_SECONDS || 60);
const CHANNEL = 'wasm-auth-client:_auth_token';
const QUERY = '?mode=cookie&refreshJitter=0';
const STEP = { timeout: 30000 };

// ---------------------------------------------------------------------------------------------
// Page helpers

/** Waits until the demo shows a state (both sections are hidden while status is 'loading'). */
const settled = (page) => page.waitForFunction(
  () => ['logged-in', 'logged-out'].some((id) => !document.getElementById(id).hidden),
  null, { timeout: 15000 });

async function openTab(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await settled(page);
  return page;
}

const eventLabels = (page) => page.locator('#events li span').allTextContents();
const refreshCount = async (page) => Number(await page.locator('#refresh-count').textContent());

/** Waits for the page's next refresh (so that about 2 s pass before the one after). */
async function nextRefresh(page, timeout = (ACCESS_TTL + 2) * 1000) {
  const start = await refreshCount(page);
  await page.waitForFunction((n) => Number(document.getElementById('refresh-count').textContent) > n,
    start, { timeout, polling: 20 });
}

/** Counter differences between two /_test/stats answers. */
const delta = (before, now) => Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - before[k]]));

const modeTable = [];

/** Chromium's own console line for the 403 of a restore without a live cookie. */
const expected403 = (text) => /Failed to load resource: the server responded with a status of 403/.test(text);
/** ... and of the injected script's frame on the auth path (GET /services/_auth is a 405). */
const expected405 = (text) => /Failed to load resource: the server responded with a status of 405 .*\/services\/_auth/.test(text);

// ---------------------------------------------------------------------------------------------

describe('cookie mode (refresh token in an HttpOnly cookie, tabs sharing over BroadcastChannel)',
  { timeout: (RUN_S + 120) * 1000 }, () => {
    let server;
    let browser;
    let traffic;
    let tabs = [];
    let failed = false;
    // The steps share one context: once one failed, the rest are skipped, not timed out
    // (but for a `fatal: false` step, whose failure leaves the context usable).
    const step = (name, fn, { fatal = true, ...options } = STEP) => it(name, { ...STEP, ...options }, async (t) => {
      if (failed) {
        t.skip('an earlier step failed');
        return;
      }
      try {
        await fn(t);
      } catch (error) {
        if (fatal) failed = true;
        throw error;
      }
    });
    const cookies = async () => (await browser.context.cookies(`${server.url}/services/_auth`)).filter((c) => c.name === COOKIE);
    const url = () => `${server.url}/${QUERY}`;

    before(async () => {
      server = await startServer({
        staticDir: demoSiteDir(),
        extraArgs: ['--refresh-cookie', '--access-ttl', String(ACCESS_TTL)],
      });
      console.log(`# server ${server.url} --refresh-cookie --access-ttl ${ACCESS_TTL}; page ${QUERY}`);
      browser = await launchBrowser();
      browser.context.setDefaultTimeout(10000);
      await browser.context.addInitScript(captureWasmMemory);
      traffic = recordAuthTraffic(browser.context, server.url);
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    step('0. a fresh page (no cookie yet) settles logged out: the login form, status logged_out', async () => {
      const page = browser.page;
      tabs = [page];
      await page.goto(url());
      // The page cannot know whether the HttpOnly cookie exists: its restore tries it, and a
      // 403 must leave it logged out quietly.
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      await page.locator('#logged-out').waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
      const first = await server.stats();
      const seen = await page.evaluate(async () => ({
        status: (await import('/pkg/index.js')).default.snapshot().status,
        text: document.getElementById('status').textContent,
        events: [...document.querySelectorAll('#events li span')].map((x) => x.textContent),
      }));
      console.log(`# first load without a cookie: ${JSON.stringify(first)}; page ${JSON.stringify(seen)}`);
      assert.equal(first.refreshes, 0);
      assert.equal(first.refresh_rejections, 1, 'one restore attempt, refused');
      assert.equal(await loggedIn(page), false);
      assert.equal(seen.status, 'logged_out', 'snapshot().status once the restore is refused');
      assert.equal(await page.locator('#logged-out').isVisible(), true, 'the login form is shown');
    }, { fatal: false });

    step('1. logs in through the form; the refresh token is only in an HttpOnly cookie', async () => {
      const page = tabs[0];
      const first = await server.stats();
      await login(page);
      assert.equal(await page.locator('#user-name').textContent(), 'Ada Admin');
      assert.equal(await page.locator('#status').textContent(), 'Signed in.');
      const stats = delta(first, await server.stats());
      assert.equal(stats.logins, 1, 'one login');
      const [cookie] = await cookies();
      assert.ok(cookie, `the server set ${COOKIE}`);
      assert.equal(cookie.httpOnly, true, 'HttpOnly');
      assert.equal(cookie.sameSite, 'Strict', 'SameSite=Strict');
      assert.equal(cookie.path, '/services/_auth', 'scoped to the auth path');
      await traffic.settle();
      assert.equal(traffic.bodiesWithRefresh, 0, 'no response body carried a refresh token');
      assert.ok(traffic.refreshTokens.has(cookie.value));
    });

    step('2. an injected script reads at most the access token, never the refresh token', async (t) => {
      const page = tabs[0];
      // Control: a cookie on the same path WITHOUT HttpOnly, which the script must see (so
      // that not seeing the real one means HttpOnly, not a blind probe).
      await browser.context.addCookies([{ name: 'probe_canary', value: 'visible-to-scripts', url: `${server.url}/services/_auth` }]);
      await nextRefresh(page); // a quiet ~2 s follows: no rotation while the script reads
      const found = await page.evaluate(injectedScript, CHANNEL);
      await browser.context.clearCookies({ name: 'probe_canary' });
      const [cookie] = await cookies();
      await traffic.settle();
      const refreshTokens = [...traffic.refreshTokens];
      t.diagnostic(`refresh tokens issued so far: ${refreshTokens.length}; the cookie holds one of them`);
      assert.ok(refreshTokens.includes(cookie.value));
      assert.match(found['document.cookie at /services/_auth'], /probe_canary=visible-to-scripts/,
        'the probe sees a non-HttpOnly cookie on the auth path');
      assert.deepEqual(readableVia(found, [cookie.value]), [], 'the current refresh token is nowhere');
      assert.deepEqual(readableVia(found, refreshTokens), [], 'no refresh token ever issued is anywhere');
      assert.doesNotMatch(JSON.stringify(found), new RegExp(COOKIE), `the name ${COOKIE} itself is nowhere`);

      const token = found['currentToken()'];
      assert.equal(token.refresh_token, null, 'currentToken().refresh_token');
      assert.equal(token.access_token, found['accessToken()']);
      assert.deepEqual(found.sessionStorage, {}, 'sessionStorage holds nothing');
      assert.deepEqual(found.localStorage, {}, 'localStorage holds nothing');
      // JWTs by their `jti` (the heap also holds fragments run together with their neighbours).
      const issued = new Set([...traffic.accessTokens].map(jti));
      const jwts = jwtsIn(found);
      const unknown = jwts.filter((j) => !issued.has(jti(j)));
      assert.ok(jwts.length >= 1 && unknown.length === 0,
        `every JWT found is an access token the server issued (${jwts.length} found; not issued: ${JSON.stringify(unknown)})`);
      const answers = found.BroadcastChannel.filter((x) => x && x.token);
      assert.equal(answers.length, 1, `the live tab answered the script's "ask": ${JSON.stringify(found.BroadcastChannel)}`);
      assert.equal(answers[0].token.accessToken, found['accessToken()']);
      assert.ok(!('refreshToken' in answers[0].token) || answers[0].token.refreshToken == null,
        `the answer has no refresh token: keys ${Object.keys(answers[0].token)}`);
      const line = tableLine('cookie', found, traffic);
      modeTable.push(line);
      console.log(line);
      console.log(`# cookie mode, tab answer keys: ${Object.keys(answers[0].token).join(', ')}`);

      // What the script CAN still do while it runs in the page: have the browser send the
      // cookie. The answer carries a new access token and no refresh token, and Set-Cookie is
      // not readable.
      await nextRefresh(page);
      const own = await page.evaluate(async () => {
        const res = await fetch('/services/_auth', {
          method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' },
          body: '{"jwt":true}',
        });
        return { status: res.status, setCookie: res.headers.get('set-cookie'), keys: Object.keys(await res.json()) };
      });
      console.log(`# a script's own refresh through the cookie: ${JSON.stringify(own)}`);
      assert.equal(own.status, 200);
      assert.equal(own.setCookie, null);
      assert.ok(!own.keys.includes('refresh_token'), `keys: ${own.keys}`);
      assert.equal(await loggedIn(page), true, 'the page kept its session (the cookie rotated under it)');
    });

    step('3. a reload logs in again through the cookie: +1 refresh, no login, a restore event', async () => {
      const page = tabs[0];
      await nextRefresh(page);
      const before = await server.stats();
      const started = Date.now();
      await page.reload();
      await page.locator('#logged-in').waitFor({ state: 'visible' });
      const ms = Date.now() - started;
      const stats = delta(before, await server.stats());
      console.log(`# reload: logged in through the cookie in ${ms} ms; ${JSON.stringify(stats)}`);
      assert.equal(stats.logins, 0, 'no login');
      assert.equal(stats.refreshes, 1, 'one refresh (the restore)');
      assert.equal(stats.refresh_rejections, 0);
      const labels = await eventLabels(page);
      assert.ok(labels.includes('restore'), `#events: ${JSON.stringify(labels)}`);
      assert.equal(await page.locator('#user-name').textContent(), 'Ada Admin');
    });

    step('4. a second tab is logged in by the first, with no server call', async () => {
      await nextRefresh(tabs[0]);
      const before = await server.stats();
      const second = await browser.context.newPage();
      await second.addInitScript(timingProbe, CHANNEL);
      const started = Date.now();
      await second.goto(url());
      await second.locator('#logged-in').waitFor({ state: 'visible' });
      const ms = Date.now() - started;
      const stats = delta(before, await server.stats());
      const timing = await second.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
        return { ...window.__timing, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, wasm: wasm?.responseEnd };
      });
      const f = (x) => (x === undefined ? '?' : Math.round(x));
      console.log(`# second tab: logged in in ${ms} ms (goto to #logged-in, measured in node), ` +
        `${traffic.count(second)} auth calls from it, server ${JSON.stringify({ logins: stats.logins, refreshes: stats.refreshes, refresh_rejections: stats.refresh_rejections })}`);
      console.log(`# second tab, its own clock from navigation start: DOMContentLoaded ${f(timing.domContentLoaded)} ms, ` +
        `wasm fetched ${f(timing.wasm)} ms, "ask" posted ${f(timing.ask)} ms, answer heard ${f(timing.answer)} ms ` +
        `(${f(timing.answer - timing.ask)} ms after the ask), #logged-in shown ${f(timing.loggedIn)} ms, load ${f(timing.load)} ms`);
      assert.equal(traffic.count(second), 0, 'the second tab sent no login and no refresh');
      assert.equal(stats.logins, 0, 'server: no login');
      assert.equal(stats.refreshes + stats.refresh_rejections, 0, 'server: no refresh attempt');
      assert.ok(timing.answer - timing.ask < 150, 'answered within the 150 ms the new tab waits');
      const labels = await eventLabels(second);
      assert.ok(labels.includes('restore'), `#events: ${JSON.stringify(labels)}`);
      assert.equal(await second.locator('#user-name').textContent(), 'Ada Admin');
      tabs.push(second);
    });

    step(`5. three tabs for ${RUN_S} s, calls every second: one refresh per rotation, no bad token`, async (t) => {
      tabs.push(await openTab(browser.context, url()));
      await allShow(tabs, 'logged-in', 2000);
      // Every answer each tab shows under "Profile" (the text after "(calling…)").
      await Promise.all(tabs.map((p) => p.evaluate(() => {
        const status = document.getElementById('profile-status');
        window.__answers = [];
        new MutationObserver(() => {
          if (!status.textContent.includes('calling')) window.__answers.push(status.textContent);
        }).observe(status, { childList: true, characterData: true, subtree: true });
      })));
      const before = await server.stats();
      const fromTab = tabs.map((p) => traffic.count(p, ['refresh']));
      const clicks = tabs.map(() => 0);
      let busy = 0;
      let allAlong = true;
      const started = Date.now();
      for (let s = 0; s < RUN_S; s += 1) {
        const round = Date.now();
        // The click in the page itself (Playwright's own click waits for actionability, which
        // takes up to seconds on a loaded machine); a button still disabled by the previous
        // call is not clicked.
        const clicked = await Promise.all(tabs.map((p) => p.evaluate(() => {
          const button = document.getElementById('profile-button');
          if (button.disabled) return false;
          button.click();
          return true;
        })));
        clicked.forEach((c, i) => { if (c) clicks[i] += 1; else busy += 1; });
        if (!(await Promise.all(tabs.map(loggedIn))).every(Boolean)) { allAlong = false; break; }
        await tabs[0].waitForTimeout(Math.max(0, 1000 - (Date.now() - round)));
      }
      const answers = await Promise.all(tabs.map((p, i) => p.waitForFunction(
        (n) => window.__answers.length >= n && window.__answers, clicks[i], { timeout: 10000 })
        .then((h) => h.jsonValue())));
      const seconds = (Date.now() - started) / 1000;
      const stats = delta(before, await server.stats());
      const byTab = tabs.map((p, i) => traffic.count(p, ['refresh']) - fromTab[i]);
      const rotations = seconds / (ACCESS_TTL / 2);
      const shown = {};
      for (const text of answers.flat()) shown[text] = (shown[text] ?? 0) + 1;
      console.log(`# ${tabs.length} tabs, ${seconds.toFixed(1)} s: ${JSON.stringify(stats)}`);
      console.log(`# refreshes ${stats.refreshes} for about ${rotations.toFixed(1)} rotations ` +
        `(${(stats.refreshes / rotations).toFixed(2)} per rotation); refresh requests by tab ${JSON.stringify(byTab)}; ` +
        `clicks by tab ${JSON.stringify(clicks)} (${busy} skipped, button busy); answers shown ${JSON.stringify(shown)}`);
      t.diagnostic(`refreshes per rotation ${(stats.refreshes / rotations).toFixed(2)}`);
      assert.ok(allAlong, 'all three tabs stayed logged in');
      assert.ok((await Promise.all(tabs.map(loggedIn))).every(Boolean), 'all logged in at the end');
      assert.equal(stats.refresh_rejections, 0, 'refresh_rejections');
      assert.equal(stats.rejected_token_calls, 0, 'rejected_token_calls');
      assert.equal(stats.expired_token_calls, 0, 'expired_token_calls');
      assert.equal(stats.unauthenticated_calls, 0, 'unauthenticated_calls');
      assert.equal(stats.logins, 0, 'logins');
      const total = clicks.reduce((a, b) => a + b, 0);
      assert.ok(total >= tabs.length * RUN_S * 0.9, `${total} clicks`);
      assert.equal(stats.service_calls, total, 'one service call per click');
      assert.deepEqual(shown, { 'HTTP 200': total }, 'every call answered 200');
      assert.ok(stats.refreshes >= rotations * 0.8 && stats.refreshes <= rotations * 1.2,
        `${stats.refreshes} refreshes for about ${rotations.toFixed(1)} rotations`);
    }, { timeout: (RUN_S + 30) * 1000 });

    step('6. a logout in one tab logs out every tab, clears the cookie, and a reload stays out', async () => {
      const [first, ...others] = tabs;
      const before = await server.stats();
      const lastRefreshToken = (await cookies())[0].value;
      // When each tab shows the login form, and when the click happened, in epoch ms.
      await Promise.all(tabs.map((p) => p.evaluate(() => {
        const clock = () => performance.timeOrigin + performance.now();
        const form = document.getElementById('logged-out');
        document.addEventListener('click', () => { window.__clickAt ??= clock(); }, true);
        new MutationObserver(() => { if (!form.hidden) window.__outAt ??= clock(); })
          .observe(form, { attributes: true, attributeFilter: ['hidden'] });
      })));
      await first.click('#logout-button');
      await first.locator('#logged-out').waitFor({ state: 'visible' });
      await allShow(others, 'logged-out', 2000);
      const clickAt = await first.evaluate(() => window.__clickAt);
      const outAfter = await Promise.all(tabs.map((p) => p.evaluate(() => window.__outAt)));
      console.log(`# logout: login form shown ${outAfter.map((x) => `${(x - clickAt).toFixed(1)}`).join(', ')} ms ` +
        'after the click (the clicked tab first; pages\' own clocks)');
      for (const page of others) {
        const labels = await eventLabels(page);
        assert.ok(labels.includes('logout (reason: other_tab)'), `#events: ${JSON.stringify(labels)}`);
      }
      assert.ok((await eventLabels(first)).includes('logout (reason: user)'));
      await first.waitForTimeout(300); // the logout answer's Set-Cookie
      assert.deepEqual(await cookies(), [], `${COOKIE} is gone from the cookie jar`);
      // Refreshes are counted from here: one the lock-holding tab made just before the click (a
      // rotation every ~2 s) is a refresh of the live session, not one after the logout.
      const loggedOut = await server.stats();

      await first.reload();
      await first.waitForFunction(() => document.body.dataset.ready === 'true');
      await first.locator('#logged-out').waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
      const stats = delta(before, await server.stats());
      console.log(`# logout and reload: ${JSON.stringify(stats)}`);
      assert.equal(await loggedIn(first), false, 'the reloaded tab stays logged out');
      assert.equal(await loggedIn(others[0]), false);
      assert.equal(stats.logouts, 1, 'one logout request');
      assert.equal(delta(loggedOut, await server.stats()).refreshes, 0, 'no successful refresh after the logout');
      assert.equal(stats.logins, 0);
      // The family is revoked too: the last cookie value, presented by hand, is refused.
      const res = await fetch(`${server.url}/services/_auth`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jwt: true, refresh_token: lastRefreshToken }),
      });
      assert.equal(res.status, 403, 'the last refresh token is dead');
      await first.screenshot({ path: path.join(SHOTS, 'cookie-logged-out.png') });
      // Last, as it fails while the step-0 problem stands: what the user sees is the login form.
      assert.equal(await first.locator('#logged-out').isVisible(), true, 'the reloaded tab shows the login form');
    }, { fatal: false });

    step('raised no uncaught error and logged no console error but the expected 403s and 405s', async () => {
      assert.deepEqual(browser.problems.pageErrors, []);
      assert.deepEqual(browser.problems.consoleErrors.filter((x) => !expected403(x) && !expected405(x)), []);
    });
  });

describe('the same injected script in the other storage modes (no cookie on the server)', { timeout: 90000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ staticDir: demoSiteDir(), extraArgs: ['--access-ttl', '60'] });
    browser = await launchBrowser();
    browser.context.setDefaultTimeout(10000);
    await browser.context.addInitScript(captureWasmMemory);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const mode of ['session', 'local', 'memory']) {
    it(`storage=${mode}: the script finds the refresh token`, STEP, async () => {
      const context = browser.context;
      const traffic = recordAuthTraffic(context, server.url);
      const page = await openTab(context, `${server.url}/?storage=${mode}`);
      await login(page);
      const found = await page.evaluate(injectedScript, CHANNEL);
      await traffic.settle();
      const line = tableLine(mode, found, traffic);
      modeTable.push(line);
      console.log(line);
      const refresh = readableVia(found, [...traffic.refreshTokens]);
      assert.equal(traffic.refreshTokens.size, 1, 'the login answer carried a refresh token');
      assert.notEqual(found['currentToken()'].refresh_token, null, 'currentToken().refresh_token');
      if (mode === 'session') assert.ok(refresh.includes('sessionStorage'), `found in ${refresh}`);
      if (mode === 'local') assert.ok(refresh.includes('localStorage'), `found in ${refresh}`);
      if (mode === 'memory') {
        assert.ok(!refresh.includes('sessionStorage') && !refresh.includes('localStorage'), `found in ${refresh}`);
        assert.ok(refresh.includes('wasm heap'), `found in ${refresh}`);
      }
      await page.click('#logout-button');
      await page.locator('#logged-out').waitFor({ state: 'visible' });
      await page.close();
    });
  }

  it('prints what the injected script could read in each mode', () => {
    console.log('# what an injected script could read, by mode:');
    for (const line of modeTable) console.log(line);
    assert.deepEqual(browser.problems.pageErrors, []);
  });
});
