// A stored-record round trip with the reference itself: `@netuno/auth-client` 1.1.1 (vendored in
// vendor/, a dev dependency of this project) and `wasm-auth-client/netuno` take turns in one tab
// (one origin, one sessionStorage), each with the app's `@netuno/service-client` 1.2.0, against
// auth-test-server's Netuno dialect (which revokes the old pair at every refresh):
//   1. the reference logs in and stores its record;
//   2. ours continues that session with no login, and refreshes: the reference's pair dies, and
//      ours writes its own record;
//   3. the reference reads ours: it is logged in, its `_service` calls carry our token (accepted),
//      it does not refresh at once (our load time is in its unit), and its refresh with our
//      refresh token succeeds; ours then continues from the record that refresh wrote.
// The pages are served by the test server from a temporary folder: an import map points the
// bare names at the installed packages' ES modules and `wasm-auth-client/netuno` at pkg/.
// Needs pkg/ (SKIP_SETUP=1 scripts/build-pkg) and the server binary; about 10 s.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from './lib/browser.mjs';
import { PKG_DIR } from './lib/pkg-install.mjs';
import { startServer } from './lib/server.mjs';
import { SHOTS, closeSite } from './lib/site.mjs';

const STEP = { timeout: 30000 };
const TOKEN_KEY = '_auth_token'; // both clients' default token.storageKey
const BEARER = /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/;
/** The ES modules the pages import by bare name, from this project's node_modules (each is one
 * file that imports only bare names: its entry is all the page needs). */
const MODULES = ['@netuno/auth-client', '@netuno/service-client', 'just-extend'];

/** A page importing `client` (the reference or ours) and the app's `_service`, with its prefix. */
const page = (imports, client) => `<!doctype html>
<meta charset="utf-8">
<title>${client}</title>
<link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
  import _service from '@netuno/service-client';
  import _auth from '${client}';
  _service.config({ prefix: location.origin + '/services/' });
  window.app = { _auth, _service };
</script>
`;

/** A folder with pkg/, the modules and the two pages: reference.html and ours.html. */
function site() {
  const dir = mkdtempSync(path.join(tmpdir(), 'auth-e2e-reference-'));
  cpSync(PKG_DIR, path.join(dir, 'pkg'), { recursive: true });
  const imports = { 'wasm-auth-client/netuno': '/pkg/netuno.js' };
  for (const name of MODULES) {
    const entry = fileURLToPath(import.meta.resolve(name)); // the "import" condition's file
    cpSync(entry, path.join(dir, 'modules', name, path.basename(entry)));
    imports[name] = `/modules/${name}/${path.basename(entry)}`;
  }
  writeFileSync(path.join(dir, 'reference.html'), page(imports, '@netuno/auth-client'));
  writeFileSync(path.join(dir, 'ours.html'), page(imports, 'wasm-auth-client/netuno'));
  return dir;
}

/** Runs `_auth[method]({...args, success, fail})` in the page; resolves to which was called. */
const callAuth = (tab, method, args = {}) => tab.evaluate(([method, args]) => new Promise((resolve) => {
  window.app._auth[method]({
    ...args,
    success: () => resolve('success'),
    fail: (e) => resolve(`fail: ${e?.status ?? e?.error ?? e}`),
  });
}), [method, args]);

/** `_service({url: 'profile'})` in the page: the answer's status and the Authorization it carried. */
async function callProfile(tab) {
  const [response, outcome] = await Promise.all([
    tab.waitForResponse((r) => new URL(r.url()).pathname === '/services/profile'),
    tab.evaluate(() => new Promise((resolve) => window.app._service({
      url: 'profile',
      success: (r) => resolve({ status: r.status, name: r.json?.name }),
      fail: (r) => resolve({ status: r.status }),
    }))),
  ]);
  assert.equal(response.status(), outcome.status);
  return { ...outcome, authorization: (await response.request().allHeaders()).authorization ?? null };
}

const stored = async (tab) => JSON.parse(await tab.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY));

describe('a session handed between @netuno/auth-client 1.1.1 and wasm-auth-client/netuno', { timeout: 90000 }, () => {
  let dir;
  let server;
  let browser;
  let tab;
  let referenceRecord;
  let oursRecord;

  const open = async (file) => {
    await tab.goto(`${server.url}/${file}`, { waitUntil: 'load' });
    await tab.waitForFunction(() => window.app !== undefined);
  };

  before(async () => {
    assert.ok(existsSync(path.join(PKG_DIR, 'netuno.js')), 'pkg/ is built (SKIP_SETUP=1 scripts/build-pkg)');
    mkdirSync(SHOTS, { recursive: true });
    dir = site();
    server = await startServer({ staticDir: dir }); // the default lifetimes: no automatic refresh here
    browser = await launchBrowser();
    tab = browser.page;
    tab.setDefaultTimeout(10000);
  });

  after(async () => {
    if (browser) await closeSite({ browser, server }, 'netuno-reference');
    else await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the reference logs in and stores its record', STEP, async () => {
    await open('reference.html');
    assert.equal(await tab.evaluate(() => window.app._auth.isLogged()), false);
    assert.equal(await callAuth(tab, 'login', { username: 'admin', password: 'secret' }), 'success');
    referenceRecord = await stored(tab);
    assert.equal(referenceRecord.result, true);
    assert.match(`Bearer ${referenceRecord.access_token}`, BEARER);
    assert.equal(typeof referenceRecord.refresh_token, 'string');
    assert.equal(typeof referenceRecord.loaded_in, 'number');
    assert.equal(await tab.evaluate(() => window.app._auth.isLogged()), true);
    const call = await callProfile(tab);
    assert.deepEqual([call.status, call.name], [200, 'Ada Admin']);
    assert.equal(call.authorization, `Bearer ${referenceRecord.access_token}`);
    const stats = await server.stats();
    assert.deepEqual([stats.logins, stats.refreshes], [1, 0]);
  });

  it('ours continues that session with no login; its refresh writes its own record', STEP, async (t) => {
    await open('ours.html');
    assert.equal(await tab.evaluate(() => window.app._auth.isLogged()), true, 'isLogged() on load');
    assert.equal(await tab.evaluate(() => window.app._auth.accessToken()), referenceRecord.access_token);
    let call = await callProfile(tab);
    assert.equal(call.status, 200);
    assert.equal(call.authorization, `Bearer ${referenceRecord.access_token}`, "the app's _service sends it");
    assert.equal((await server.stats()).logins, 1, 'no second login');

    assert.equal(await callAuth(tab, 'refreshToken'), 'success');
    assert.equal((await server.stats()).refreshes, 1);
    oursRecord = await stored(tab);
    assert.notEqual(oursRecord.access_token, referenceRecord.access_token);
    assert.notEqual(oursRecord.refresh_token, referenceRecord.refresh_token);
    assert.equal(oursRecord.v, 2, 'ours wrote this record (its version marker)');
    t.diagnostic(`members: the reference's record ${Object.keys(referenceRecord)}; ours ${Object.keys(oursRecord)}`);
    assert.equal(oursRecord.access_token, await tab.evaluate(() => window.app._auth.accessToken()));
    call = await callProfile(tab);
    assert.equal(call.status, 200);
    assert.equal(call.authorization, `Bearer ${oursRecord.access_token}`);

    // The Netuno dialect ended the reference's pair at that refresh: only ours can work now.
    const old = await fetch(`${server.url}/services/profile`,
      { headers: { Authorization: `Bearer ${referenceRecord.access_token}` } });
    assert.equal(old.status, 401, "the reference's access token is revoked");
    const stats = await server.stats();
    assert.deepEqual([stats.revoked_token_calls, stats.rejected_token_calls], [1, 1]);
  });

  it('the reference reads our record: logged in, its calls carry our token, no refresh at once', STEP, async () => {
    await open('reference.html');
    assert.equal(await tab.evaluate(() => window.app._auth.isLogged()), true, "the reference's isLogged()");
    assert.equal(await tab.evaluate(() => window.app._service.config().headers.Authorization),
      `Bearer ${oursRecord.access_token}`, 'the header its token.load set on _service');
    const call = await callProfile(tab);
    assert.deepEqual([call.status, call.name], [200, 'Ada Admin']);
    assert.equal(call.authorization, `Bearer ${oursRecord.access_token}`);
    // Its tick (every 250 ms from its import) refreshes once loaded_in + expires_in is a minute
    // past: a load time or lifetime in another unit would make it refresh at once (and, as that
    // first tick comes before the page sets _service's prefix, fail and log out).
    await tab.waitForTimeout(1000);
    const stats = await server.stats();
    assert.deepEqual([stats.logins, stats.refreshes], [1, 1], 'no login, no refresh');
    assert.equal(stats.rejected_token_calls, 1, 'only the revoked token was refused, from Node');
  });

  it("the reference's refresh with our refresh token succeeds; its record serves ours again", STEP, async () => {
    // Its refreshToken() calls no callback while logged out.
    assert.equal(await tab.evaluate(() => window.app._auth.isLogged()), true);
    assert.equal(await callAuth(tab, 'refreshToken'), 'success');
    const stats = await server.stats();
    assert.deepEqual([stats.refreshes, stats.refresh_rejections], [2, 0]);
    const record = await stored(tab);
    assert.notEqual(record.access_token, oursRecord.access_token);
    assert.equal(record.v, undefined, "the reference's own record again");
    assert.equal((await callProfile(tab)).authorization, `Bearer ${record.access_token}`);

    await open('ours.html');
    assert.equal(await tab.evaluate(() => window.app._auth.accessToken()), record.access_token);
    assert.equal((await callProfile(tab)).status, 200);
    assert.equal((await server.stats()).logins, 1, 'one login in all');
  });

  it('raised no uncaught error or unhandled rejection, and logged no console error', STEP, async () => {
    assert.deepEqual(browser.problems, { pageErrors: [], consoleErrors: [] });
  });
});
