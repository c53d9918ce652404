// Many tabs, one session: three pages of the demo in one browser context share a session in
// localStorage against auth-test-server with 4-second access tokens. Every timer fires at the
// same instant (refreshJitter=0), the worst case. With the cross-tab lock each rotation costs
// one refresh and none is rejected; with the lock off the same run shows the race.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from './lib/browser.mjs';
import { demoSiteDir, startServer } from './lib/server.mjs';
import { SHOTS } from './lib/site.mjs';
import { allShow, loggedIn, login } from './lib/page.mjs';

const ACCESS_TTL = 4; // seconds: a rotation every 2 s (the lead is capped at half the lifetime)
const RUN_S = Number(process.env.TABS_RUN_SECONDS || 60);

async function openTab(browser, url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => ['logged-in', 'logged-out'].some((id) => !document.getElementById(id).hidden));
  return page;
}

async function run(browser, server, query, seconds) {
  const url = `${server.url}/?storage=local&refreshJitter=0${query}`;
  const first = await openTab(browser, url);
  await login(first);
  const others = [await openTab(browser, url), await openTab(browser, url)];
  await allShow(others, 'logged-in');
  const pages = [first, ...others];
  const before = await server.stats();
  let allAlong = true;
  for (let s = 0; s < seconds; s += 1) {
    await first.waitForTimeout(1000);
    const states = await Promise.all(pages.map(loggedIn));
    if (!states.every(Boolean)) { allAlong = false; break; }
  }
  const now = await server.stats();
  const stats = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - before[k]]));
  return { pages, allAlong, stats };
}

describe('many tabs, one session', { timeout: (RUN_S + 60) * 1000 * 2 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ staticDir: demoSiteDir(), extraArgs: ['--access-ttl', String(ACCESS_TTL)] });
    console.log(`# server ${server.url}`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(`with the lock: ${RUN_S} s, three tabs, one refresh per rotation, logout and login everywhere`, async () => {
    browser = await launchBrowser();
    const { pages, allAlong, stats } = await run(browser, server, '', RUN_S);
    console.log(`# with lock: ${JSON.stringify(stats)}`);
    assert.ok(allAlong, 'all three tabs stayed logged in');
    assert.equal(stats.refresh_rejections, 0, 'no tab presented a dead refresh token');
    // A rotation every ~2 s (+ round trip): about RUN_S / 2 refreshes, not three times that.
    const rotations = RUN_S / (ACCESS_TTL / 2);
    assert.ok(stats.refreshes >= rotations * 0.8 && stats.refreshes <= rotations * 1.1,
      `${stats.refreshes} refreshes for about ${rotations} rotations`);

    await pages[0].click('#logout-button');
    const outMs = await allShow(pages.slice(1), 'logged-out');
    console.log(`# logout reached the other tabs in ${outMs} ms`);
    const reasons = await pages[1].locator('#events').textContent();
    assert.match(reasons, /other_tab/, 'the other tabs say why');

    await login(pages[1]);
    const inMs = await allShow([pages[0], pages[2]], 'logged-in');
    console.log(`# login reached the other tabs in ${inMs} ms`);
    const later = await openTab(browser, pages[0].url());
    assert.equal(await loggedIn(later), true, 'a tab opened later starts logged in');
    await pages[0].screenshot({ path: path.join(SHOTS, 'tabs-page1.png') });
    await browser.close();
    browser = null;
  });

  it('without the lock the same run shows the race (the test can fail)', async () => {
    browser = await launchBrowser();
    const { stats } = await run(browser, server, '&crossTabLock=false', 12);
    console.log(`# without lock: ${JSON.stringify(stats)}`);
    assert.ok(stats.refresh_rejections > 0, 'tabs raced and presented a spent refresh token');
  });
});
