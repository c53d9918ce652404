// wasm-auth-client: the package entry. It only loads the wasm and hands out its client: the
// client is Rust (the crate's `browser` module), exported by its wasm-bindgen facade (`js`).
//
// The loader is the environment's: in browsers (this file) the wasm is fetched and compiled as
// it streams, from the first line, with no top-level await (which es2020 targets such as Vite 5
// and 6 reject); in Node and server renders (index-node.js, this file built with
// ./load-node.js, chosen by the package's "node" export condition) it is instantiated
// synchronously from bytes the package carries, so the client is ready at import. Until it is
// ready, snapshot() says status 'loading', the synchronous reads answer as logged out, and every
// other call is queued in order and made once it is: nothing is lost.
import { AuthClient, createAuthClient as create, isAuthError } from './wasm_auth_client.js';
import { load } from './load-browser.js';

const frozen = (status) =>
  Object.freeze({ status, loggedIn: false, user: null, expiresAt: null, tokenType: null, storageDegraded: false, extra: null });
const LOADING = frozen('loading');
const LOGGED_OUT = frozen('logged_out');

/** The default client behind the module-level functions; `null` until ready() resolves. */
export let client = null;
const started = () => void (client = new AuthClient());
const pending = load();
if (!pending) started();
const loaded = pending ? pending.then(started) : Promise.resolve();

/** Resolves once the wasm is loaded and the default client has restored its session (from
 * storage, or from the other tabs or the refresh cookie). */
export const ready = () => loaded.then(() => client.ready());
/** `f(client)` now, or once the wasm is in (in call order). The call's own promise is marked
 * handled when it is made in the callback style (a `success` or `fail` callback); so is this
 * one, which follows it. */
const later = (f, args) => {
  if (client) return f(client);
  const settled = loaded.then(() => f(client));
  if (typeof args?.fail === 'function' || typeof args?.success === 'function') settled.catch(() => {});
  return settled;
};
/** A queued call nobody awaits: its own error stays an unhandled rejection (a bad setting given
 * to config() before ready, say), but not a failed load, which ready() reports. */
const queued = (f) => void later(f).catch((error) => {
  if (client) throw error;
});
/** `f(client)` now, or once ready, answering `otherwise` meanwhile. */
const soon = (f, otherwise) => (client ? f(client) : (queued(f), otherwise));

export { AuthClient, isAuthError };
/** Creates an independent client (its own storage key, timers and listeners), once ready. */
export function createAuthClient(settings) {
  if (!client) throw new Error('wasm-auth-client: create clients once ready() has resolved');
  return create(settings);
}

/** The configuration copy (also thenable); before the wasm is in, a Promise of it. */
export const config = (settings) => (client ? client.config(settings) : later((c) => c.config(settings)));
export const login = (args) => later((c) => c.login(args), args);
export const refreshToken = (args) => later((c) => c.refreshToken(args), args);
export const logout = () => later((c) => c.logout());
export const isLogged = () => !!client && client.isLogged();
export const accessToken = () => (client ? client.accessToken() : null);
/** Before the wasm is in: a load is queued (answering null), a read is null. */
export const token = (args, newToken) =>
  args || newToken ? soon((c) => c.token(args, newToken), null) : client ? client.token() : null;
export const currentToken = () => (client ? client.currentToken() : null);
export const subscribe = (listener) => {
  if (client) return client.subscribe(listener);
  let unsubscribe = null, gone = false;
  queued((c) => void (gone || (unsubscribe = c.subscribe(listener))));
  return () => ((gone = true), unsubscribe?.());
};
export const snapshot = () => (client ? client.snapshot() : LOADING);
/** The snapshot a server render shows (logged out): React's getServerSnapshot. */
export const serverSnapshot = () => LOGGED_OUT;
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
