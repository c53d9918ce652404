// The cookie-mode e2e's tools (tests/e2e/cookie.test.mjs): an "injected script" that gathers
// everything a script in the page can read, a recorder of the tokens the server hands out (seen
// by Playwright, including Set-Cookie, which scripts never see), and the page's own timings of
// a new tab's session.

/** The refresh cookie's name (auth-test-server's default). */
export const COOKIE = 'auth_refresh';

/** Marks, in the page's own clock, when #logged-in shows, demo.js is ready, and the tab channel
 * carries an "ask" and the first token after it (an observer of its own: it hears this tab's
 * posts as well as the others'). Runs before any of the page's scripts. */
export function timingProbe(channel) {
  const t = (window.__timing = {});
  const now = () => performance.now();
  new MutationObserver(() => {
    const shown = document.getElementById('logged-in');
    if (shown && !shown.hidden && t.loggedIn === undefined) t.loggedIn = now();
    if (document.body?.dataset.ready === 'true' && t.ready === undefined) t.ready = now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
  const observer = new BroadcastChannel(channel);
  observer.onmessage = (e) => {
    if (e.data === 'ask' && t.ask === undefined) t.ask = now();
    if (e.data && e.data.token && t.ask !== undefined && t.answer === undefined) t.answer = now();
  };
}

// ---------------------------------------------------------------------------------------------
// The injected script: everything a script running in the page can read, gathered by channel.

/** Runs in the page. Returns {channel: whatever it read}, all JSON. */
export async function injectedScript(channel) {
  const found = {};
  const entries = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
  const attempt = async (name, f) => {
    try { found[name] = await f(); } catch (error) { found[name] = `threw ${error}`; }
  };
  await attempt('document.cookie', () => document.cookie);
  // A same-origin frame on the cookie's path sees that path's cookies unless they are HttpOnly
  // (GET /services/_auth is a 405 page: no call, nothing counted).
  await attempt('document.cookie at /services/_auth', () => new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.style.display = 'none';
    frame.onload = () => { resolve(frame.contentDocument.cookie); frame.remove(); };
    frame.onerror = reject;
    frame.src = '/services/_auth';
    document.body.append(frame);
  }));
  await attempt('sessionStorage', () => entries(sessionStorage));
  await attempt('localStorage', () => entries(localStorage));
  await attempt('indexedDB', async () => (await indexedDB.databases()).map((d) => d.name));
  await attempt('CacheStorage', () => caches.keys());

  const m = await import('/pkg/index.js');
  const a = m.default;
  await attempt('token()', () => a.token());
  await attempt('currentToken()', () => a.currentToken());
  await attempt('accessToken()', () => a.accessToken());
  await attempt('snapshot()', () => a.snapshot());
  await attempt('config()', () => a.config());
  await attempt('isLogged()', () => a.isLogged());
  await attempt('module exports', () => ({ module: Object.keys(m), default: Object.keys(a) }));
  await attempt('client', () => {
    const c = m.client;
    return {
      json: JSON.stringify(c),
      own: Object.getOwnPropertyNames(c).map((k) => [k, String(c[k])]),
      methods: Object.getOwnPropertyNames(Object.getPrototypeOf(c)),
      token: c.token(),
      currentToken: c.currentToken(),
      accessToken: c.accessToken(),
      snapshot: c.snapshot(),
      config: c.config(),
    };
  });
  // The wasm instance's linear memory, read as bytes: every token-like run of characters. The
  // package does not hand its instance out; a script that ran before it (captureWasmMemory)
  // can take it from WebAssembly.instantiate*.
  await attempt('wasm heap', () => {
    const bytes = new Uint8Array(globalThis.__capturedWasmMemory.buffer);
    let text = '';
    for (let i = 0; i < bytes.length; i += 65536) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 65536));
    }
    return [...new Set(text.match(/[A-Za-z0-9_\-.~+/=]{24,}/g) ?? [])];
  });
  // Another listener on the tabs' channel: ask for the session as a new tab would.
  await attempt('BroadcastChannel', () => new Promise((resolve) => {
    const heard = [];
    const ch = new BroadcastChannel(channel);
    ch.onmessage = (e) => heard.push(e.data);
    ch.postMessage('ask');
    setTimeout(() => { ch.close(); resolve(heard); }, 300);
  }));
  await attempt('DOM', () => document.documentElement.outerHTML);
  await attempt('performance entries', () => performance.getEntries().map((e) => e.name));
  await attempt('window globals', () => {
    const blank = document.createElement('iframe');
    document.body.append(blank);
    const standard = new Set(Object.getOwnPropertyNames(blank.contentWindow));
    blank.remove();
    return Object.getOwnPropertyNames(window).filter((k) => !standard.has(k)).map((k) => {
      try { return [k, JSON.stringify(window[k])]; } catch { return [k, '(not JSON)']; }
    });
  });
  return JSON.parse(JSON.stringify(found, (k, v) => (typeof v === 'function' ? '(function)' : v)));
}

/** The channels of `found` whose text contains any of `secrets`. */
export function readableVia(found, secrets) {
  return Object.entries(found)
    .filter(([, v]) => secrets.some((s) => JSON.stringify(v).includes(s)))
    .map(([k]) => k);
}

/** A JWT's `jti` claim (its payload is the second segment), or null. */
export function jti(jwt) {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')).jti ?? null;
  } catch {
    return null;
  }
}

/** Every JWT-looking string in `found`. */
export const jwtsIn = (found) => [...new Set(JSON.stringify(found).match(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g) ?? [])];

/**
 * Records, for every page of `context`, the auth requests (login/refresh/logout POSTs) and the
 * tokens the server hands out: refresh tokens from Set-Cookie (Playwright sees it, scripts do
 * not) and from JSON bodies, access tokens from JSON bodies.
 */
export function recordAuthTraffic(context, serverUrl) {
  const auth = `${serverUrl}/services/_auth`;
  const traffic = { requests: [], refreshTokens: new Set(), accessTokens: new Set(), bodiesWithRefresh: 0, pending: [] };
  context.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().startsWith(auth)) return;
    const body = request.postData() ?? '';
    const kind = request.url() !== auth ? 'logout' : /"username"/.test(body) ? 'login' : 'refresh';
    traffic.requests.push({ kind, page: request.frame().page(), body, at: Date.now() });
  });
  context.on('response', (response) => {
    if (!response.url().startsWith(auth)) return;
    traffic.pending.push((async () => {
      for (const { name, value } of await response.headersArray()) {
        const m = name.toLowerCase() === 'set-cookie' && value.match(new RegExp(`^${COOKIE}=([^;]+)`));
        if (m) traffic.refreshTokens.add(m[1]);
      }
      const json = await response.json().catch(() => null);
      if (json?.refresh_token) {
        traffic.refreshTokens.add(json.refresh_token);
        traffic.bodiesWithRefresh += 1;
      }
      if (json?.access_token) traffic.accessTokens.add(json.access_token);
    })().catch(() => {}));
  });
  traffic.settle = () => Promise.all(traffic.pending);
  traffic.count = (page, kinds = ['login', 'refresh']) =>
    traffic.requests.filter((r) => (!page || r.page === page) && kinds.includes(r.kind)).length;
  return traffic;
}

/** One line of the per-mode table. */
export function tableLine(mode, found, traffic) {
  const access = readableVia(found, [...traffic.accessTokens]);
  const refresh = readableVia(found, [...traffic.refreshTokens]);
  const list = (xs) => (xs.length ? `yes (${xs.join(', ')})` : 'no');
  return `# | ${mode.padEnd(7)} | access token: ${list(access)} | refresh token: ${list(refresh)}`;
}

/** An init script (runs before the page's own): wraps WebAssembly.instantiate and
 * instantiateStreaming to keep the memory of the instance they make, as an injected script
 * that got in first could. */
export function captureWasmMemory() {
  const keep = (result) => {
    const instance = result.instance ?? result;
    const memory = Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory);
    if (memory) globalThis.__capturedWasmMemory = memory;
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
  }
}
