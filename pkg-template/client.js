// wasm-auth-client: the browser side of a client. The wasm `Core` holds the session and makes
// every decision (settings, token validation, the refresh schedule, which origins get the
// token, error messages); this file does the I/O it asks for: fetch with timeouts, timers,
// events and callbacks, the cross-tab lock. Kept in JS because every browser API called from
// wasm costs generated glue on both sides, and the package's size is paid by every user.

// The wasm core takes and returns JSON text, numbers and booleans only. What its grouped
// methods are asked for (see src/web/core.rs):
// core.error(kind, ...)
const NETWORK = 0, TIMEOUT = 1, UNAUTHORIZED = 2, HTTP_STATUS = 3, INVALID_ARGUMENT = 4;
const CONFIG = 5, NOT_LOGGED_IN = 6;
// core.view(what)
const SETTINGS = 0, TOKEN = 1, SNAPSHOT = 2, HEADER = 3;
// core.act(what)
const RESTORE = 0, ADOPT = 1, LOGOUT = 2;
// core.state(what, now, a, b)
const GENERATION = 0, LOGGED = 1, DUE = 2, STALE = 3, DELAY = 4, BACKOFF = 5;
/** Browsers fire a timer above 2^31-1 ms at once: such delays are clamped. */
const MAX_DELAY = 2147483647;
/** How long the tab lock is kept after a refresh wrote the new token (see `refresh`). */
const WRITE_SETTLE_MS = 500;
/** What relative URLs resolve against, as for `fetch`. */
const BASE = globalThis.document?.baseURI ?? globalThis.location?.href;

const isObject = (v) => typeof v === 'object' && v !== null;

/** `url` resolved from this page by the browser's own URL parser, the one `fetch` uses (so
 * no spelling of a URL can make the two disagree); null when it is not a URL. */
function resolve(url) {
  try {
    return new URL(url, BASE);
  } catch {
    return null;
  }
}

/** The origin `url` has from this page; '' when it has none. */
function originOf(url) {
  const origin = resolve(url)?.origin;
  return origin && origin !== 'null' ? origin : '';
}
const parse = JSON.parse;

/** An `Error` named `AuthError` from the core's `{code, message, status?}`. */
function authError({ code, message, status }) {
  const error = new Error(message);
  error.name = 'AuthError';
  error.code = code;
  if (status !== undefined) error.status = status;
  return error;
}

/** Events from the core, their errors made `AuthError`s. */
function withErrors(list) {
  for (const e of list) if (e.error) e.error = authError(e.error);
  return list;
}

/** The core's events (JSON). */
const events = (text) => withErrors(parse(text));

/** `[error or null, value]` (JSON) of the core: the value, or the error thrown. */
function outcome(text) {
  const [error, value] = parse(text);
  if (error) throw authError(error);
  return value;
}

/** Settings (or a token response) as JSON text for the core: functions are left out (the
 * callbacks are read here), and a value JSON cannot hold is `null`. */
function json(value) {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return 'null';
  }
}
const noop = () => {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A thrown value as text: `Name: message` for errors. */
function describe(thrown) {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return typeof thrown === 'string' ? thrown : 'unknown error';
}

/** Calls `f(arg)` when `f` is set; a throw is reported on the console, never passed on. */
function call(f, arg, what) {
  if (!f) return;
  try {
    f(arg);
  } catch (thrown) {
    console.error(`wasm-auth-client: the ${what} callback threw: ${describe(thrown)}`);
  }
}

/** A member of the call arguments that is a function, else undefined. */
function fnAt(object, key) {
  const f = isObject(object) ? object[key] : undefined;
  return typeof f === 'function' ? f : undefined;
}

/** The settings' callbacks merged over `base`: `[callbacks]`, or `[, error text]`. */
function callbacks(settings, base) {
  const merged = { ...base };
  const slots = [
    [settings, 'onLogin', 'onLogin'],
    [settings, 'onLogout', 'onLogout'],
    [settings.login, 'success', 'login.success', 'loginSuccess'],
    [settings.login, 'fail', 'login.fail', 'loginFail'],
    [settings.refreshToken, 'success', 'refreshToken.success', 'refreshSuccess'],
    [settings.refreshToken, 'fail', 'refreshToken.fail', 'refreshFail'],
  ];
  for (const [object, key, path, name = key] of slots) {
    const f = isObject(object) ? object[key] : undefined;
    if (f === undefined) continue;
    if (f !== null && typeof f !== 'function') return [, `${path}: expected a function or null`];
    merged[name] = f ?? undefined;
  }
  return [merged];
}

/** Where Web Locks are missing: a lease in localStorage with an expiry, so that a tab that
 * crashed while holding it blocks the others for `holdMs` at most. */
async function lease(name, waitMs, holdMs) {
  const key = `${name}:lease`, me = Math.random().toString(36).slice(2), giveUp = Date.now() + waitMs;
  const read = () => {
    try {
      return JSON.parse(localStorage.getItem(key) || 'null');
    } catch {
      return null;
    }
  };
  for (;;) {
    const held = read();
    if (!held || held.until < Date.now()) {
      try {
        localStorage.setItem(key, JSON.stringify({ owner: me, until: Date.now() + holdMs }));
      } catch {
        return noop; // no storage, nothing to coordinate through
      }
      await sleep(25); // a concurrent writer's lease lands meanwhile; the last one wins
      if (read()?.owner === me) {
        return () => read()?.owner === me && localStorage.removeItem(key);
      }
    }
    if (Date.now() > giveUp) throw new Error('timed out waiting for another tab');
    await sleep(50);
  }
}

/** Resolves with a release function once this tab holds the lock `name`. Waiting is bounded
 * by `waitMs` and holding by `holdMs`, so no tab can block the others for long. */
function tabLock(name, waitMs, holdMs) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return lease(name, waitMs, holdMs);
  return new Promise((granted, failed) => {
    const abort = new AbortController();
    const giveUp = setTimeout(() => abort.abort(), waitMs);
    const held = () => new Promise((release) => {
      clearTimeout(giveUp);
      const cap = setTimeout(release, holdMs);
      granted(() => (clearTimeout(cap), release()));
    });
    locks.request(name, { signal: abort.signal }, held).catch(failed);
  });
}

/** The events after which the clock is checked again (sleeping laptops and throttled
 * background tabs fire timers late or not at all). */
const WAKE = [['visibilitychange', true], ['online'], ['pageshow']];

/** One authentication client: its core, callbacks, listeners, timers and refresh in flight. */
export class Client {
  #core;
  /** The configuration as `config()` returns it, without the callbacks. */
  #conf;
  /** The auth endpoint's absolute URL. */
  #authUrl;
  #cbs = {};
  #listeners = new Map();
  #nextId = 0;
  #snapshot = null;
  #timer;
  #failures = 0;
  #inFlight = null;
  #deferred = [];
  #deferTimer;
  #wake = () => this.#catchUp();
  #storage = (e) => {
    const c = this.#conf;
    if (e.key === c.token.storageKey && c.storage === 'local') this.#emit(events(this.#core.act(ADOPT)));
  };

  /** A client driving `core` (a new wasm `Core`), with `settings`. */
  constructor(core, settings) {
    this.#core = core;
    if (settings != null) {
      const bad = core.setup(json(settings));
      const [cbs, badCallback] = isObject(settings) ? callbacks(settings, {}) : [{}];
      // A bad typed setting is reported before a bad callback.
      if (bad || badCallback) {
        const error = bad ? authError(parse(bad)) : this.#error(CONFIG, 0, badCallback);
        core.free();
        throw error;
      }
      this.#cbs = cbs;
    }
    this.#configured();
    this.#listen('addEventListener');
    this.#emitSoon(events(core.act(RESTORE)));
  }

  #listen(how) {
    const doc = globalThis.document;
    for (const [name, onDocument] of WAKE) (onDocument && doc ? doc : globalThis)[how]?.(name, this.#wake);
    globalThis[how]?.('storage', this.#storage);
  }

  /** Takes up the configuration in force. */
  #configured() {
    const c = (this.#conf = parse(this.#core.view(SETTINGS)));
    const auth = this.#core.join(c.url);
    this.#authUrl = resolve(auth)?.href ?? auth;
  }

  /** Whether a request to `url` (absolute, as `Request.url` is) may carry the token: its
   * origin is allowed (`allowedOrigins`, else the origin of `prefix`), and it is not a call to
   * the auth endpoint itself. */
  #mayCarry(url) {
    const c = this.#conf, to = originOf(url);
    if (!to || url.split(/[?#]/)[0] === this.#authUrl) return false;
    return (c.allowedOrigins ?? [c.prefix]).some((o) => originOf(o) === to);
  }

  #state(what, a = 0, b = 0) {
    return this.#core.state(what, Date.now(), a, b);
  }

  #error(kind, n = 0, text = '', reason = '') {
    return authError(parse(this.#core.error(kind, n, text, reason)));
  }

  /** A required non-empty string argument. */
  #string(args, key) {
    if (!isObject(args)) throw this.#error(INVALID_ARGUMENT, 0, 'arguments', 'expected an object');
    const v = args[key];
    if (typeof v !== 'string') throw this.#error(INVALID_ARGUMENT, 0, key, 'expected a string');
    if (!v) throw this.#error(INVALID_ARGUMENT, 0, key, 'must not be empty');
    return v;
  }

  /** Deep-merges `settings` into the configuration; returns a copy of the result. Nothing
   * changes when a key is bad. */
  config(settings) {
    const core = this.#core;
    if (settings != null) {
      const [cbs, bad] = isObject(settings) ? callbacks(settings, this.#cbs) : [this.#cbs];
      // A bad typed setting is reported before a bad callback, as at construction.
      const happened = outcome(core.configure(json(settings), !bad));
      if (bad) throw this.#error(CONFIG, 0, bad);
      this.#cbs = cbs;
      this.#configured();
      const list = withErrors(happened);
      // A session found at the new place is announced like one found at construction.
      this.#emit(list.filter((e) => e.type !== 'restore'));
      this.#emitSoon(list.filter((e) => e.type === 'restore'));
      // `autoRefreshToken`, `refreshLead` or `refreshJitter` may have changed.
      this.#reschedule();
    }
    const copy = parse(core.view(SETTINGS));
    const c = this.#cbs;
    const put = (object, key, f) => f && (object[key] = f);
    put(copy, 'onLogin', c.onLogin);
    put(copy, 'onLogout', c.onLogout);
    put(copy.login, 'success', c.loginSuccess);
    put(copy.login, 'fail', c.loginFail);
    put(copy.refreshToken, 'success', c.refreshSuccess);
    put(copy.refreshToken, 'fail', c.refreshFail);
    return copy;
  }

  /** Logs in with `{username, password, success?, fail?}`; resolves with the token. */
  login(args) {
    return this.#settle(args, async () => {
      try {
        const core = this.#core;
        const request = parse(core.login(this.#string(args, 'username'), this.#string(args, 'password')));
        const [status, text] = await this.#post(request);
        this.#settled(core.accept(-1, status, text, Date.now()));
        const token = parse(core.view(TOKEN));
        call(this.#cbs.loginSuccess, token, 'login.success');
        return token;
      } catch (error) {
        call(this.#cbs.loginFail, error, 'login.fail');
        throw error;
      }
    });
  }

  /** Exchanges the refresh token for a new pair; concurrent calls share one request. */
  refreshToken(args) {
    return this.#settle(args, () => this.#sharedRefresh());
  }

  /** Forgets the token and clears the storage. */
  logout() {
    this.#emit(events(this.#core.act(LOGOUT)));
  }

  /** Whether a token is held. */
  isLogged() {
    return !!this.#state(LOGGED);
  }

  /** The access token, or null when logged out or when it has expired (a refresh is then
   * under way). A token inside its refresh window starts a refresh first. */
  accessToken() {
    this.#refreshIfDue();
    return this.#core.access(Date.now()) ?? null;
  }

  /** `token()` reads the token; `token(args, newToken)` loads a token response. */
  token(_args, newToken) {
    if (newToken !== undefined) this.#settled(this.#core.load(json(newToken), Date.now()));
    return parse(this.#core.view(TOKEN));
  }

  /** Registers `listener` for events; returns a function that unsubscribes it. */
  subscribe(listener) {
    if (typeof listener !== 'function') {
      throw this.#error(INVALID_ARGUMENT, 0, 'listener', 'expected a function');
    }
    const id = ++this.#nextId;
    this.#listeners.set(id, listener);
    return () => this.#listeners.delete(id);
  }

  /** The current state; the same object until the state changes. */
  snapshot() {
    return (this.#snapshot ??= Object.freeze(parse(this.#core.view(SNAPSHOT))));
  }

  /** `fetch` with the token: same arguments, a real `Response`; the token goes only to
   * allowed origins, with a refresh first when due and one replay after a 401. */
  async authFetch(input, init) {
    const options = isObject(init) ? init : {};
    let request;
    try {
      request = new Request(input instanceof Request ? input : String(input), options);
    } catch {
      throw this.#error(INVALID_ARGUMENT, 0, 'input', 'expected a URL string, a URL or a Request');
    }
    // A stream body can be read once only: such a request is never replayed.
    const replayable = !(options.body instanceof ReadableStream);
    const signal = options.signal instanceof AbortSignal ? options.signal : undefined;
    return this.#send(request, this.#conf.timeout, replayable, signal);
  }

  /** Calls the API like `@netuno/service-client`'s `_service`: `{url, method, data, headers,
   * blob, timeout, success, fail}`; resolves with `{ok, status, contentType, headers, json |
   * text | blob}`. A status other than 2xx rejects with `http_status` (or `unauthorized` after
   * a refresh and a replay), the result attached as `error.response`. */
  service(args) {
    return this.#settle(args, async () => {
      const [request, ms] = this.#serviceRequest(args);
      const response = await this.#send(request, ms, true);
      const result = await this.#result(response, !!args.blob);
      if (response.ok) return result;
      const error = this.#error(HTTP_STATUS, response.status);
      error.response = result;
      throw error;
    });
  }

  /** Removes the client's listeners and timers and frees its core. */
  free() {
    this.#listen('removeEventListener');
    clearTimeout(this.#timer);
    clearTimeout(this.#deferTimer);
    this.#core.free();
  }

  #serviceTimeout(args) {
    const ms = args.timeout;
    if (ms == null) return this.#conf.timeout;
    if (typeof ms !== 'number' || !(ms >= 1 && ms <= 4294967295)) {
      throw this.#error(INVALID_ARGUMENT, 0, 'timeout', 'expected milliseconds > 0');
    }
    return Math.trunc(ms);
  }

  /** `[request, timeout]` of a service call: prefix joining, query string or JSON body, the
   * caller's headers. The token header is added later, by `#send`, only for allowed origins. */
  #serviceRequest(args) {
    const path = this.#string(args, 'url');
    let method = args.method ?? 'GET';
    if (typeof method !== 'string') throw this.#error(INVALID_ARGUMENT, 0, 'method', 'expected a string');
    method = method.toUpperCase();
    const ms = this.#serviceTimeout(args);
    const data = args.data;
    let url = this.#core.join(path);
    const headers = new Headers();
    const init = { method, headers };
    if (data != null && (method === 'GET' || method === 'HEAD')) {
      const query = Object.entries(data)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`)
        .join('&');
      if (query) url += (url.includes('?') ? '&' : '?') + query;
    } else if (data instanceof FormData) {
      init.body = data;
    } else if (data != null) {
      headers.set('Content-Type', 'application/json');
      try {
        init.body = JSON.stringify(data);
      } catch (e) {
        throw this.#error(NETWORK, 0, describe(e));
      }
    }
    if (isObject(args.headers)) {
      for (const [k, v] of Object.entries(args.headers)) {
        try {
          headers.set(k, typeof v === 'string' ? v : '');
        } catch {
          throw this.#error(INVALID_ARGUMENT, 0, 'headers', 'invalid header');
        }
      }
    }
    try {
      return [new Request(url, init), ms];
    } catch {
      throw this.#error(INVALID_ARGUMENT, 0, 'url', 'not a valid URL');
    }
  }

  /** `{ok, status, contentType, headers, json | text | blob}` of a response. */
  async #result(response, asBlob) {
    const contentType = response.headers.get('content-type') ?? '';
    const result = { ok: response.ok, status: response.status, contentType, headers: response.headers };
    if (response.status === 204) return result;
    if (asBlob) {
      try {
        result.blob = await response.blob();
      } catch (e) {
        throw this.#error(NETWORK, 0, describe(e));
      }
      return result;
    }
    const text = await this.#text(response);
    if (contentType.includes('json')) {
      try {
        result.json = JSON.parse(text);
        return result;
      } catch {}
    }
    result.text = text;
    return result;
  }

  /** Emits the events of the core's `[error or null, events]` (JSON), then throws the error. */
  #settled(text) {
    const [error, list] = parse(text);
    this.#emit(withErrors(list));
    if (error) throw authError(error);
  }

  /** Runs `op`, then the per-call `success`/`fail` callbacks of `args`. */
  #settle(args, op) {
    const success = fnAt(args, 'success'), fail = fnAt(args, 'fail');
    return op().then(
      (value) => (call(success, value, 'success'), value),
      (error) => {
        call(fail, error, 'fail');
        throw error;
      },
    );
  }

  /** Dispatches events to the timers, the configured callbacks and the listeners. */
  #emit(events) {
    if (!events.length) return;
    for (const e of events) this.#after(e);
    this.#snapshot = null;
    const listeners = [...this.#listeners.values()];
    const cbs = this.#cbs;
    for (const e of events) {
      if (e.type === 'login') call(cbs.onLogin, e, 'onLogin');
      if (e.type === 'logout') call(cbs.onLogout, e, 'onLogout');
      for (const listener of listeners) call(listener, e, 'subscribe listener');
    }
  }

  /** Emits on a zero-delay timer: a restore happens while the client is created or
   * configured, usually at module top level, before the app's next line subscribes. */
  #emitSoon(events) {
    if (!events.length) return;
    this.#deferred.push(...events);
    this.#deferTimer ??= setTimeout(() => {
      this.#deferTimer = undefined;
      const due = this.#deferred;
      this.#deferred = [];
      this.#emit(due);
    });
  }

  /** Keeps the timers in step with an event. */
  #after(event) {
    switch (event.type) {
      case 'login':
      case 'restore':
      case 'refresh':
        this.#failures = 0;
        this.#reschedule();
        break;
      case 'logout':
        clearTimeout(this.#timer);
        this.#failures = 0;
        break;
      case 'refresh_error': {
        const delay = this.#state(BACKOFF, this.#failures++, Math.random());
        if (delay >= 0) this.#arm(delay);
      }
    }
  }

  #arm(delay) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#refreshNow(), delay);
  }

  /** Arms the refresh timer for the held token, or clears it (also while the page is
   * hidden: the wake events re-arm it). */
  #reschedule() {
    clearTimeout(this.#timer);
    const delay = globalThis.document?.hidden ? -1 : this.#state(DELAY, Math.random());
    if (delay >= 0) this.#arm(delay);
  }

  /** Starts a refresh (or joins the one in flight); the outcome comes back as events. */
  #refreshNow() {
    this.#sharedRefresh().catch(noop);
  }

  #refreshIfDue() {
    const due = !!this.#state(DUE);
    if (due) this.#refreshNow();
    return due;
  }

  /** Checks the wall clock: refreshes at once when due, else re-arms the timer. */
  #catchUp() {
    if (globalThis.document?.hidden || !this.#refreshIfDue()) this.#reschedule();
  }

  /** The refresh in flight, or a new one: every caller shares one request and one outcome.
   * The configured `refreshToken.success/fail` run once per refresh, whoever triggered it. */
  #sharedRefresh() {
    return (this.#inFlight ??= this.#refresh().then(
      (token) => {
        this.#inFlight = null;
        call(this.#cbs.refreshSuccess, token, 'refreshToken.success');
        return token;
      },
      (error) => {
        this.#inFlight = null;
        call(this.#cbs.refreshFail, error, 'refreshToken.fail');
        throw error;
      },
    ));
  }

  async #refresh() {
    let error, list;
    try {
      [error, list] = await this.#lockedRefresh();
    } catch (thrown) {
      error = thrown;
      list = thrown.code === 'not_logged_in' ? [] : [{ type: 'refresh_error', error }];
    }
    // Events (and so app callbacks) run only once the cross-tab lock is released.
    this.#emit(list);
    if (error) throw error;
    return parse(this.#core.view(TOKEN));
  }

  /** The refresh request, under the cross-tab lock when tabs share the session. Inside the
   * lock storage is read again: when another tab has already refreshed (or logged out), its
   * result is taken up and no request is sent. Resolves with `[error or null, events]`. */
  async #lockedRefresh() {
    const core = this.#core, c = this.#conf, started = this.#state(GENERATION);
    const name = c.storage === 'local' && c.crossTabLock && `wasm-auth-client:${c.token.storageKey}`;
    let release = noop;
    if (name) {
      const wait = c.timeout + 5000;
      try {
        release = await tabLock(name, wait, wait);
      } catch {
        throw this.#error(TIMEOUT, wait);
      }
    }
    try {
      if (name) {
        const adopted = events(core.act(ADOPT));
        // Another tab refreshed (or logged in or out) while this one waited, either seen
        // just now or already adopted from its storage event: nothing left to do.
        if (adopted.length || this.#state(GENERATION) !== started) {
          return [this.#state(LOGGED) ? null : this.#error(NOT_LOGGED_IN), adopted];
        }
      }
      const request = outcome(core.refresh());
      const [status, text] = await this.#post(request);
      const [error, list] = parse(core.accept(request[3], status, text, Date.now()));
      // A localStorage write reaches tabs in other processes asynchronously: a tab that took
      // the lock the instant it was released could still read the spent token.
      if (name) setTimeout(release, WRITE_SETTLE_MS);
      release = noop;
      return [error && authError(error), withErrors(list)];
    } finally {
      release();
    }
  }

  /** POSTs a `[url, JSON body, timeout]` request to the auth endpoint: `[status, text]`. */
  async #post([url, body, ms]) {
    let request;
    try {
      request = new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    } catch {
      throw this.#error(INVALID_ARGUMENT, 0, 'url', 'not a valid URL for fetch');
    }
    const response = await this.#fetch(request, ms);
    return [response.status, await this.#text(response)];
  }

  async #text(response) {
    try {
      return await response.text();
    } catch (e) {
      throw this.#error(NETWORK, 0, describe(e));
    }
  }

  /** `fetch` of `request` waiting for the headers, aborted after `ms` or by the caller's
   * `signal` (both reported as `timeout`), with the token `header` (`[name, value]`) set. */
  async #fetch(request, ms, signal, header) {
    if (header) {
      try {
        request.headers.set(header[0], header[1]);
      } catch {
        throw this.#error(CONFIG, 0, 'authHeader: not a valid header name');
      }
    }
    if (signal?.aborted) throw this.#error(TIMEOUT);
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort);
    const timer = setTimeout(abort, Math.min(ms, MAX_DELAY));
    try {
      return await fetch(request, { signal: controller.signal });
    } catch (e) {
      // A bare TypeError ("Failed to fetch"): the browser hides the cause (CORS, DNS, refused
      // connection) from scripts on purpose.
      throw controller.signal.aborted ? this.#error(TIMEOUT, ms) : this.#error(NETWORK, 0, describe(e));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
  }

  /** Sends `request` with the token where allowed: waits for a refresh in flight or starts
   * one when the token is due, and after a retry status (401) refreshes once and replays
   * once; a second refusal is `unauthorized`. Calls to the auth endpoint never refresh. */
  async #send(request, ms, replayable, signal) {
    const core = this.#core;
    if (!this.#mayCarry(request.url)) return this.#fetch(request, ms, signal);
    const pending = this.#inFlight ?? (this.#state(STALE) ? this.#sharedRefresh() : null);
    // A failed refresh is not fatal here: the request goes with what there is.
    if (pending) await pending.catch(noop);
    // A request without a body can be sent again as it is; one with a body is copied first.
    let spare = replayable ? request : null;
    if (spare && request.body) {
      try {
        spare = request.clone();
      } catch {
        spare = null;
      }
    }
    const header = () => parse(core.view(HEADER));
    const first = header();
    const response = await this.#fetch(request, ms, signal, first?.slice(1));
    const retry = (status) => this.#conf.retryStatuses.includes(status);
    if (!first || !spare || !retry(response.status)) return response;
    if (header()?.[0] === first[0]) {
      try {
        await this.#sharedRefresh();
      } catch {
        throw this.#error(UNAUTHORIZED, response.status);
      }
    }
    const replayed = await this.#fetch(spare, ms, signal, header()?.slice(1));
    if (retry(replayed.status)) throw this.#error(UNAUTHORIZED, replayed.status);
    return replayed;
  }
}
