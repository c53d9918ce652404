// wasm-auth-client: the package entry. It only loads the wasm and hands out its client: the
// client is Rust (the crate's `browser` module), exported by its wasm-bindgen facade (`js`).
//
// The loader is the environment's: in browsers (this file) the wasm is fetched and compiled as
// it streams, from the first line, with no top-level await (which es2020 targets such as Vite 5
// and 6 reject); in Node and server renders (index-node.js, this file built with
// ./load-node.js, chosen by the package's "node" export condition) it is read from the file next
// to it synchronously, so the client is ready at import. Until it is ready, snapshot() says
// status 'loading', the synchronous reads answer as logged out, and every other call is queued
// in order and made once it is: nothing is lost. When the wasm cannot load, only this file can
// tell, so the failure is kept here: status 'failed' with a `wasm_unavailable` AuthError, which
// ready() and every Promise call reject with (calling their `fail` callback), until
// ready({ retry: true }) loads again.
import { AuthClient, createAuthClient as create, isAuthError as isClientError } from './wasm_auth_client.js';
import { load } from './load-browser.js';

const frozen = (status, error) => Object.freeze({
  status, loggedIn: false, user: null, expiresAt: null, tokenType: null, storageDegraded: false, extra: null,
  ...(error && { error }),
});
const LOADING = frozen('loading');

/** The default client behind the module-level functions; `null` until ready() resolves. */
export let client = null;
/** The snapshot of a failed load (status 'failed', its error), until a retry. */
let failed = null;
/** The current load: resolves once the wasm is in, rejects with its `wasm_unavailable` error. */
let loading;
/** Calls made while the wasm is not in, in call order: each waits on a promise that `resolve`
 * gives the client. A failed load `reject`s the Promise calls' (the app is told); the others
 * (config, logout, token, subscribe) wait for a retry. */
let waiting = [];
/** Listeners subscribed while the wasm is not in: told of a failed load. */
const listeners = new Set();

function start() {
  failed = null;
  const pending = load();
  loading = pending ? pending.then(loaded, unavailable) : Promise.resolve(loaded());
  // Reported by the console.error below, snapshot(), ready() and the calls: not again as an
  // unhandled rejection.
  loading.catch(() => {});
}
function loaded() {
  client = new AuthClient();
  for (const call of waiting.splice(0)) call.resolve(client);
}
function unavailable(error) {
  failed = frozen('failed', error);
  console.error(error.message);
  for (const call of waiting) call.reject?.(error);
  waiting = waiting.filter((call) => !call.reject);
  for (const listener of listeners) queueMicrotask(() => listener({ type: 'load_error', error }));
  throw error;
}
/** A promise of the client, once the wasm is in; `settle`: rejected if the load fails. */
const clientPromise = (settle) => new Promise((resolve, reject) => waiting.push({ resolve, reject: settle ? reject : null }));
start();

/** Resolves once the wasm is loaded and the default client has restored its session (from
 * storage, or from the other tabs or the refresh cookie); rejects with the `wasm_unavailable`
 * error when the wasm cannot load. `{ retry: true }` loads again after such a failure. */
export function ready({ retry = false } = {}) {
  if (retry && failed) start();
  return loading.then(() => client.ready());
}
/** `f(client)` now, or once the wasm is in (in call order). A failed load rejects it, after
 * calling its `fail` callback. The call's own promise is marked handled when it is made in the
 * callback style (a `success` or `fail` callback); so is this one, which follows it. */
const later = (f, args) => {
  if (client) return f(client);
  const fail = typeof args?.fail === 'function' ? args.fail : null;
  const settled = (failed ? Promise.reject(failed.error) : clientPromise(true)).then(f, (error) => {
    fail?.(error);
    throw error;
  });
  if (fail || typeof args?.success === 'function') settled.catch(() => {});
  return settled;
};
/** A call queued until the wasm is in (after a failed load: until a retry loads it); its own error
 * stays an unhandled rejection when nobody awaits it (a bad setting given to config() before
 * ready, say). */
const onceLoaded = (f) => clientPromise(false).then(f);
const queued = (f) => void onceLoaded(f);
/** `f(client)` now, or once ready, answering `otherwise` meanwhile. */
const soon = (f, otherwise) => (client ? f(client) : (queued(f), otherwise));
/** For the Netuno drop-ins (not part of the typed API): `f(client)` now, or once the wasm is in,
 * in order with the calls queued meanwhile (after a failed load: once a retry succeeds). */
export const whenLoaded = (f) => soon(f, undefined);

export { AuthClient };
/** Whether `error` is this package's AuthError (while the wasm is not in, only the load's can be). */
export const isAuthError = (error) =>
  client ? isClientError(error) : error instanceof Error && error.name === 'AuthError' && error.code === 'wasm_unavailable';
/** Creates an independent client (its own storage key, timers and listeners), once ready. */
export function createAuthClient(settings) {
  if (!client) throw new Error('wasm-auth-client: create clients once ready() has resolved');
  return create(settings);
}

/** The configuration copy (also thenable); before the wasm is in, a Promise of it. */
export const config = (settings) => (client ? client.config(settings) : onceLoaded((c) => c.config(settings)));
export const login = (args) => later((c) => c.login(args), args);
export const refreshToken = (args) => later((c) => c.refreshToken(args), args);
export const logout = () => (client ? client.logout() : onceLoaded((c) => c.logout()));
export const isLogged = () => !!client && client.isLogged();
export const accessToken = () => (client ? client.accessToken() : null);
/** Before the wasm is in: a load is queued (answering null), a read is null. */
export const token = (args, newToken) =>
  args || newToken ? soon((c) => c.token(args, newToken), null) : client ? client.token() : null;
export const currentToken = () => (client ? client.currentToken() : null);
export const subscribe = (listener) => {
  if (client) return client.subscribe(listener);
  const told = (event) => listener(event); // one per subscription, even of the same listener
  let unsubscribe = null;
  listeners.add(told);
  queued((c) => void (listeners.delete(told) && (unsubscribe = c.subscribe(listener))));
  return () => (listeners.delete(told), unsubscribe?.());
};
export const snapshot = () => (client ? client.snapshot() : failed ?? LOADING);
/** The snapshot a server render shows, and the browser while it hydrates that HTML: React's
 * getServerSnapshot. 'loading' (the same object as snapshot()'s before the wasm is in), as the
 * session lives in the browser: a server cannot tell a returning user from a new one. */
export const serverSnapshot = () => LOADING;
export const service = (args) => later((c) => c.service(args), args);
export const authFetch = (input, init) => later((c) => c.authFetch(input, init));
/** `@netuno/service-client`'s `_service` call shape, on the default client. */
export const _service = service;

const _auth = {
  config, login, refreshToken, logout, isLogged, accessToken, token, currentToken, subscribe, snapshot,
  serverSnapshot, service, authFetch, _service, ready, createAuthClient, AuthClient, isAuthError,
  get client() {
    return client;
  },
};
export default _auth;
