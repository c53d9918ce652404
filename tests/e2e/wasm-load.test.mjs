// When the wasm cannot load (issue 23): pages served from a small static server (pkg/ and a page
// per entry) with the headers each case needs, driven in Chromium, against auth-test-server on
// another origin (the API, which allows loopback origins):
//   - a Content-Security-Policy `script-src 'self'` (no 'wasm-unsafe-eval'), and a wasm answered
//     with a 404: snapshot().status becomes 'failed' with a `wasm_unavailable` AuthError whose
//     message names the cause and the fix; ready(), the calls queued while loading and the later
//     ones reject with it, callback-style calls get it in `fail`, subscribers hear `load_error`,
//     and the console gets it once; the same for the Netuno drop-ins (netuno.js, service-client.js);
//   - the same page with `script-src 'self' 'wasm-unsafe-eval'` works (the README's policy), as
//     does a wasm served as text/html (compiled from its bytes);
//   - a wasm that answers 404 once: ready({ retry: true }) loads it, and the config and subscribe
//     calls queued before the failure are made.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from './lib/browser.mjs';
import { PKG_DIR } from './lib/pkg-install.mjs';
import { startServer } from './lib/server.mjs';
import { serveStatic } from './lib/static-server.mjs';

const WASM = 'wasm_auth_client_bg.wasm';
const CSP = "script-src 'self'";
const CSP_WITH_WASM = "script-src 'self' 'wasm-unsafe-eval'";
/** Each case: the page's Content-Security-Policy, and how its wasm is answered. */
const CASES = {
  csp: { csp: CSP, wasm: 'application/wasm' },
  'csp-wasm': { csp: CSP_WITH_WASM, wasm: 'application/wasm' },
  missing: { wasm: 404 },
  html: { wasm: 'text/html' },
  fallback: { wasm: 'index.html' },
  flaky: { wasm: '404 once' },
};

// The pages' scripts, run in the browser (each serialized into its page's module): they make
// their calls and leave what they saw in `window.seen`. ?api= is the API prefix.

/** The main entry: calls made while the wasm loads (a queued config and subscribe, a Promise
 * login, a callback login and a service call), ready(), the snapshot, with ?retry a retry of a
 * failed load, then the same calls again and, once logged in, the profile's name. */
async function mainPage() {
  const { default: _auth, isAuthError } = await import('./pkg/index.js');
  const params = new URLSearchParams(location.search);
  const recognised = (e) => {
    try {
      return isAuthError(e);
    } catch (thrown) {
      return `isAuthError threw ${thrown}`;
    }
  };
  const described = (e) => ({
    name: e?.name, code: e?.code, message: e?.message, isError: e instanceof Error, isAuthError: recognised(e),
  });
  const outcome = (promise) => promise.then(() => ({ ok: true }), (e) => ({ ok: false, error: described(e) }));
  const seen = { events: [], fails: 0 };
  const user = { username: 'admin', password: 'secret' };
  const calls = async () => {
    const callback = new Promise((resolve) => _auth.login({
      ...user,
      success: () => resolve({ ok: true }),
      fail: (e) => resolve({ ok: false, error: described(e), fails: (seen.fails += 1) }),
    }));
    const [promise, service] = [outcome(_auth.login(user)), outcome(_auth.service({ url: 'profile' }))];
    return { promise: await promise, callback: await callback, service: await service, status: _auth.snapshot().status };
  };

  _auth.config({ prefix: params.get('api') });
  _auth.subscribe((event) => seen.events.push(event.type));
  seen.first = _auth.snapshot().status;
  const queued = calls();
  seen.ready = await outcome(_auth.ready());
  seen.queued = await queued;
  const snapshot = _auth.snapshot();
  seen.snapshot = {
    status: snapshot.status, frozen: Object.isFrozen(snapshot), stable: snapshot === _auth.snapshot(),
    error: snapshot.error && described(snapshot.error),
  };
  if (params.has('retry')) seen.retry = await outcome(_auth.ready({ retry: true }));
  seen.later = await calls();
  if (_auth.isLogged()) seen.name = (await _auth.service({ url: 'profile' })).json?.name;
  window.seen = seen;
}

/** wasm-auth-client/netuno (over a stub @netuno/service-client): the app's module runs once the
 * drop-in's top-level await is over; it logs in in both styles and awaits ready(). */
async function netunoPage() {
  const { default: _auth } = await import('./pkg/netuno.js');
  const described = (e) => ({ name: e?.name, code: e?.code, message: e?.message, isAuthError: _auth.isAuthError(e) });
  const user = { username: 'admin', password: 'secret' };
  _auth.config({ prefix: new URLSearchParams(location.search).get('api') });
  const seen = { status: _auth.snapshot().status, isLogged: _auth.isLogged() };
  seen.callback = await new Promise((resolve) => _auth({
    ...user, success: () => resolve({ ok: true }), fail: (e) => resolve({ ok: false, error: described(e) }),
  }));
  seen.promise = await _auth.refreshToken().then(() => ({ ok: true }), (e) => ({ ok: false, error: described(e) }));
  seen.ready = await _auth.ready().then(() => ({ ok: true }), (e) => ({ ok: false, error: described(e) }));
  seen.isLoggedAfter = _auth.isLogged();
  window.seen = seen;
}

/** wasm-auth-client/service-client: _service.config, then a callback call and a Promise call
 * (after a login through the main entry, when the wasm is in). */
async function servicePage() {
  const { default: _service } = await import('./pkg/service-client.js');
  const { default: _auth } = await import('./pkg/index.js');
  const described = (e) => ({ name: e?.name, code: e?.code, message: e?.message, isAuthError: _auth.isAuthError(e) });
  const seen = { config: typeof _service.config({ prefix: new URLSearchParams(location.search).get('api') }) };
  if (_auth.snapshot().status !== 'failed') await _auth.login({ username: 'admin', password: 'secret' });
  seen.callback = await new Promise((resolve) => _service({
    url: 'profile', success: (r) => resolve({ ok: true, name: r.json?.name }), fail: (e) => resolve({ ok: false, error: described(e) }),
  }));
  seen.promise = await _service({ url: 'profile' }).then(() => ({ ok: true }), (e) => ({ ok: false, error: described(e) }));
  seen.status = _auth.snapshot().status;
  window.seen = seen;
}

const PAGES = { main: mainPage, netuno: netunoPage, service: servicePage };
/** What `@netuno/service-client` is to netuno.js here: enough for useServiceClient. */
const SERVICE_CLIENT_STUB = 'export default { config: () => ({}) };\n';

let site;
let api;
let browser;
const wasmAsked = new Map();

/** The static server's answer: /<case>/<page>.html and .js, /<case>/pkg/<file>. */
async function answer(url) {
  const [, name, file] = /^\/([^/]+)\/(.+)$/.exec(url.pathname) ?? [];
  const which = CASES[name];
  if (!which) return null;
  const page = /^(\w+)\.(html|js)$/.exec(file);
  if (page && PAGES[page[1]]) {
    if (page[2] === 'js') {
      return { type: 'text/javascript', body: `(${PAGES[page[1]]})().catch((e) => { window.seen = { thrown: String(e) }; });\n` };
    }
    return {
      type: 'text/html',
      headers: which.csp ? { 'Content-Security-Policy': which.csp } : {},
      body: `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module" src="${page[1]}.js"></script>\n`,
    };
  }
  if (file === 'stub/service-client.js') return { type: 'text/javascript', body: SERVICE_CLIENT_STUB };
  const shipped = /^pkg\/([\w.-]+)$/.exec(file)?.[1];
  if (!shipped) return null;
  if (shipped === WASM) {
    const asked = (wasmAsked.get(name) ?? 0) + 1;
    wasmAsked.set(name, asked);
    if (which.wasm === 404 || (which.wasm === '404 once' && asked === 1)) return { status: 404, type: 'text/html', body: '<h1>Not Found</h1>' };
    if (which.wasm === 'index.html') return { type: 'text/html', body: '<!doctype html><title>app</title>' };
    const type = which.wasm === '404 once' ? 'application/wasm' : which.wasm;
    return { type, body: readFileSync(path.join(PKG_DIR, WASM)) };
  }
  let body = readFileSync(path.join(PKG_DIR, shipped), 'utf8');
  if (shipped === 'netuno.js') body = body.replace(/(["'])@netuno\/service-client\1/, '"../stub/service-client.js"');
  return { type: 'text/javascript', body };
}

/** Opens /<name>/<page>.html; resolves to what the page saw and what reached the console. */
async function visit(name, page, query = '') {
  const tab = await browser.context.newPage();
  const console = [];
  const uncaught = [];
  tab.on('console', (m) => console.push({ type: m.type(), text: m.text() }));
  tab.on('pageerror', (e) => uncaught.push(String(e)));
  try {
    await tab.goto(`${site.url}/${name}/${page}.html?api=${encodeURIComponent(`${api.url}/services/`)}${query}`);
    await tab.waitForFunction(() => window.seen, null, { timeout: 20000 });
    const seen = await tab.evaluate(() => window.seen);
    assert.equal(seen.thrown, undefined, `the page's script threw`);
    return { seen, console, uncaught };
  } finally {
    await tab.close();
  }
}

/** The wasm_unavailable error as the page saw it: an Error named AuthError, recognised by
 * isAuthError, its message matching each of `patterns`. Returns the message. */
function assertUnavailable(error, patterns, what) {
  assert.ok(error, `${what}: no error`);
  assert.equal(error.name, 'AuthError', `${what}: name`);
  assert.equal(error.code, 'wasm_unavailable', `${what}: code`);
  assert.equal(error.isAuthError, true, `${what}: isAuthError`);
  if ('isError' in error) assert.equal(error.isError, true, `${what}: an Error`);
  for (const pattern of patterns) assert.match(error.message, pattern, `${what}: the message`);
  return error.message;
}

/** The console got the message once, as a console.error, and nothing was thrown uncaught. */
function assertToldOnce({ console, uncaught }, message) {
  const ours = console.filter((m) => m.text.includes('wasm-auth-client could not load'));
  assert.deepEqual(ours, [{ type: 'error', text: message }], 'one console.error with the message');
  assert.deepEqual(uncaught, [], 'no uncaught error or unhandled rejection');
}

/** The main page of a failing case: everything rejects with one error; returns its message. */
function assertMainFailed({ seen }, patterns) {
  assert.equal(seen.first, 'loading');
  const message = assertUnavailable(seen.ready.error, patterns, 'ready()');
  for (const when of ['queued', 'later']) {
    for (const call of ['promise', 'callback', 'service']) {
      const error = seen[when][call].error;
      assertUnavailable(error, patterns, `${when} ${call}`);
      assert.equal(error.message, message, `${when} ${call}: the same error`);
    }
    assert.equal(seen[when].status, 'failed', `status after the ${when} calls`);
  }
  assert.equal(seen.queued.callback.fails, 1, 'fail called once per call');
  assert.equal(seen.later.callback.fails, 2, 'fail called once per call');
  assert.deepEqual({ ...seen.snapshot, error: seen.snapshot.error?.message },
    { status: 'failed', frozen: true, stable: true, error: message }, 'snapshot()');
  assert.deepEqual(seen.events, ['load_error'], 'the subscriber hears load_error');
  return message;
}

/** The main page of a working case: the queued calls were made once the wasm was in. */
function assertMainWorks({ seen, uncaught }) {
  assert.equal(seen.first, 'loading');
  assert.deepEqual(seen.ready, { ok: true }, 'ready() resolves');
  assert.deepEqual(seen.queued.promise, { ok: true }, 'the queued login');
  assert.deepEqual(seen.queued.callback, { ok: true }, 'the queued callback login');
  assert.equal(seen.snapshot.status, 'logged_in');
  assert.equal(seen.name, 'Ada Admin', 'the profile after login');
  assert.ok(seen.events.includes('login'), `the subscriber heard the login: ${seen.events}`);
  assert.deepEqual(uncaught, []);
}

/** A drop-in page of a failing case: its calls reject with the error and call `fail`. */
function assertDropInFailed({ seen }, page, message) {
  if (page === 'netuno') {
    assert.deepEqual([seen.status, seen.isLogged, seen.isLoggedAfter], ['failed', false, false]);
    for (const call of ['callback', 'promise', 'ready']) {
      assert.equal(assertUnavailable(seen[call].error, [], call), message, `${call}: the same error`);
    }
  } else {
    assert.equal(seen.config, 'undefined', '_service.config() while the wasm is unavailable');
    assert.equal(seen.status, 'failed');
    for (const call of ['callback', 'promise']) {
      assert.equal(assertUnavailable(seen[call].error, [], call), message, `${call}: the same error`);
    }
  }
}

describe('a wasm that cannot load (pages served with the headers of each case)', { timeout: 180000 }, () => {
  before(async () => {
    readFileSync(path.join(PKG_DIR, WASM)); // pkg/ must be built
    api = await startServer();
    site = await serveStatic(answer);
    browser = await launchBrowser();
  }, { timeout: 60000 });
  after(async () => {
    await browser?.close();
    await site?.close();
    await api?.stop();
  });

  const wasmUrl = (name) => `${site.url}/${name}/pkg/${WASM}`;
  const CSP_FIX = [/Content-Security-Policy/, /'wasm-unsafe-eval'/, /script-src/];

  it(`CSP "${CSP}": status 'failed', the error names the directive to add, told once`, async (t) => {
    const visited = await visit('csp', 'main');
    const message = assertMainFailed(visited, CSP_FIX);
    assertToldOnce(visited, message);
    t.diagnostic(`console.error and error.message: ${message}`);
  });

  it(`CSP "${CSP}": the Netuno drop-ins tell the app too`, async () => {
    for (const page of ['netuno', 'service']) {
      const visited = await visit('csp', page);
      const message = assertUnavailable(visited.seen.callback.error, CSP_FIX, `${page} callback`);
      assertDropInFailed(visited, page, message);
      assertToldOnce(visited, message);
    }
  });

  it(`CSP "${CSP_WITH_WASM}": the same pages work`, async () => {
    assertMainWorks(await visit('csp-wasm', 'main'));
    const netuno = await visit('csp-wasm', 'netuno');
    assert.deepEqual([netuno.seen.status, netuno.seen.callback, netuno.seen.ready, netuno.seen.isLoggedAfter],
      ['logged_out', { ok: true }, { ok: true }, true]);
    const service = await visit('csp-wasm', 'service');
    assert.deepEqual([service.seen.config, service.seen.callback], ['object', { ok: true, name: 'Ada Admin' }]);
  });

  it('a wasm answered with a 404: the error names its URL and the fix', async (t) => {
    const url = wasmUrl('missing');
    const patterns = [new RegExp(`${url.replace(/[.?]/g, '\\$&')} answered HTTP 404`), /application\/wasm/];
    const visited = await visit('missing', 'main');
    const message = assertMainFailed(visited, patterns);
    assertToldOnce(visited, message);
    t.diagnostic(`console.error and error.message: ${message}`);
    for (const page of ['netuno', 'service']) {
      const dropIn = await visit('missing', page);
      assertDropInFailed(dropIn, page, message);
      assertToldOnce(dropIn, message);
    }
  });

  it('a wasm URL answered with a page (a dev server\'s fallback): the error says what came', async (t) => {
    const url = wasmUrl('fallback');
    const visited = await visit('fallback', 'main');
    const message = assertMainFailed(visited, [
      new RegExp(`${url.replace(/[.?]/g, '\\$&')} answered HTTP 200 \\(text/html\\), which is not this WebAssembly`),
      /application\/wasm/,
    ]);
    assertToldOnce(visited, message);
    t.diagnostic(`error.message: ${message}`);
  });

  it('a wasm served as text/html still loads (compiled from its bytes)', async () => {
    const visited = await visit('html', 'main');
    assertMainWorks(visited);
    assert.ok(visited.console.some((m) => m.type === 'warning' && /application\/wasm/.test(m.text)),
      'wasm-bindgen\'s warning about the type');
    assert.ok(!visited.console.some((m) => m.text.includes('wasm-auth-client')), 'no message of ours');
  });

  it('ready({ retry: true }) loads again; the config and subscribe queued before are made', async () => {
    const visited = await visit('flaky', 'main', '&retry');
    assertUnavailable(visited.seen.ready.error, [/HTTP 404/], 'the first ready()');
    assert.deepEqual(visited.seen.retry, { ok: true }, 'the retry');
    assert.deepEqual([visited.seen.later.promise, visited.seen.later.callback], [{ ok: true }, { ok: true }],
      'the logins after the retry (with the queued config\'s prefix)');
    assert.equal(visited.seen.name, 'Ada Admin');
    assert.deepEqual(visited.seen.events.slice(0, 1), ['load_error']);
    assert.ok(visited.seen.events.includes('login'), `the queued subscriber hears the login: ${visited.seen.events}`);
    assert.equal(wasmAsked.get('flaky'), 2, 'the wasm was asked for twice');
  });
});
