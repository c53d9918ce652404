// wasm-auth-client: the browser side of a client. The wasm `Core` (src/web/core.rs) holds
// the session and makes the decisions (settings, token validation, the refresh schedule, error
// messages); this class does the I/O it asks for: fetch, timers, events and callbacks, the
// cross-tab lock. That I/O is in JS because every browser API called from wasm costs generated
// glue on both sides, and the package's size is paid by every user of every app.

import {
  ADOPT, BACKOFF, CONFIG, DELAY, DUE, GENERATION, HEADER, HTTP_STATUS, INVALID_ARGUMENT,
  LOGGED, LOGOUT, NOT_LOGGED_IN, RESTORE, SETTINGS, SNAPSHOT, STALE, TIMEOUT, TOKEN,
  UNAUTHORIZED, authError, events, isObject, json, outcome, parse, settled, withErrors,
} from './core-abi.js';
import { call, callbacks, fnAt, writeCallbacks } from './callbacks.js';
import { string } from './args.js';
import { fetchWithin, originOf, post, resolve } from './http.js';
import { serviceRequest, serviceResult } from './service.js';
import { tabLock } from './tab-lock.js';

const noop = () => {};
/** How long the tab lock is kept after a refresh wrote the new token (see `#lockedRefresh`). */
const WRITE_SETTLE_MS = 500;

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
  /** The origins that may receive the token (`allowedOrigins`, else that of `prefix`). */
  #allowed;
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
    this.#allowed = (c.allowedOrigins ?? [c.prefix]).map(originOf);
  }

  /** Whether a request to `url` (absolute, as `Request.url` is) may carry the token: its
   * origin is allowed, and it is not a call to the auth endpoint itself. */
  #mayCarry(url) {
    const to = originOf(url);
    return !!to && url.split(/[?#]/)[0] !== this.#authUrl && this.#allowed.includes(to);
  }

  #state(what, a = 0, b = 0) {
    return this.#core.state(what, Date.now(), a, b);
  }

  /** An `AuthError` made on this side, its message by the core (an arrow: the helpers take it
   * as their `fail`). */
  #error = (kind, n = 0, text = '', reason = '') =>
    authError(parse(this.#core.error(kind, n, text, reason)));

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
    return writeCallbacks(structuredClone(this.#conf), this.#cbs);
  }

  /** Logs in with `{username, password, success?, fail?}`; resolves with the token. */
  login(args) {
    return this.#settle(args, async () => {
      try {
        const core = this.#core;
        const fail = this.#error;
        const request = core.login(string(args, 'username', fail), string(args, 'password', fail));
        const [status, text] = await post(parse(request), fail);
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
      const join = (path) => this.#core.join(path);
      const [request, ms] = serviceRequest(args, join, this.#conf.timeout, this.#error);
      const response = await this.#send(request, ms, true);
      const result = await serviceResult(response, !!args.blob, this.#error);
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

  /** Emits the events of the core's `[error or null, events]` (JSON), then throws the error. */
  #settled(text) {
    const [error, list] = settled(text);
    this.#emit(list);
    if (error) throw error;
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
  #emit(list) {
    if (!list.length) return;
    for (const e of list) this.#after(e);
    this.#snapshot = null;
    const listeners = [...this.#listeners.values()];
    const cbs = this.#cbs;
    for (const e of list) {
      if (e.type === 'login') call(cbs.onLogin, e, 'onLogin');
      if (e.type === 'logout') call(cbs.onLogout, e, 'onLogout');
      for (const listener of listeners) call(listener, e, 'subscribe listener');
    }
  }

  /** Emits on a zero-delay timer: a restore happens while the client is created or
   * configured, usually at module top level, before the app's next line subscribes. */
  #emitSoon(list) {
    if (!list.length) return;
    this.#deferred.push(...list);
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
      list = thrown?.code === 'not_logged_in' ? [] : [{ type: 'refresh_error', error }];
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
      const [status, text] = await post(request, this.#error);
      const result = settled(core.accept(request[3], status, text, Date.now()));
      // A localStorage write reaches tabs in other processes asynchronously: a tab that took
      // the lock the instant it was released could still read the spent token.
      if (name) setTimeout(release, WRITE_SETTLE_MS);
      release = noop;
      return result;
    } finally {
      release();
    }
  }

  #fetchWithin(request, ms, signal, header) {
    return fetchWithin(request, ms, this.#error, signal, header);
  }

  /** Sends `request` with the token where allowed: waits for a refresh in flight or starts
   * one when the token is due, and after a retry status (401) refreshes once and replays
   * once; a second refusal is `unauthorized`. Calls to the auth endpoint never refresh. */
  async #send(request, ms, replayable, signal) {
    const core = this.#core;
    if (!this.#mayCarry(request.url)) return this.#fetchWithin(request, ms, signal);
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
    const response = await this.#fetchWithin(request, ms, signal, first?.slice(1));
    const retry = (status) => this.#conf.retryStatuses.includes(status);
    if (!first || !spare || !retry(response.status)) return response;
    if (header()?.[0] === first[0]) {
      try {
        await this.#sharedRefresh();
      } catch {
        throw this.#error(UNAUTHORIZED, response.status);
      }
    }
    const replayed = await this.#fetchWithin(spare, ms, signal, header()?.slice(1));
    if (retry(replayed.status)) throw this.#error(UNAUTHORIZED, replayed.status);
    return replayed;
  }
}
