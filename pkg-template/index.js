// wasm-auth-client: the package entry. It only loads the wasm: the client is Rust (the crate's
// `browser` module), exported by its wasm-bindgen facade (`js`). The module is instantiated with
// a top-level await, so once `import` resolves every function works, including the synchronous
// isLogged()/accessToken(), and nothing called at module top level is lost or queued.
import init, { AuthClient, createAuthClient, isAuthError } from './wasm_auth_client.js';

await init({ module_or_path: new URL('./wasm_auth_client_bg.wasm', import.meta.url) });

export { AuthClient, createAuthClient, isAuthError };

/** The default client behind the module-level functions (the @netuno/auth-client API). */
export const client = new AuthClient();

export const config = (settings) => client.config(settings);
export const login = (args) => client.login(args);
export const refreshToken = (args) => client.refreshToken(args);
export const logout = () => client.logout();
export const isLogged = () => client.isLogged();
export const accessToken = () => client.accessToken();
export const token = (args, newToken) => client.token(args, newToken);
export const subscribe = (listener) => client.subscribe(listener);
export const snapshot = () => client.snapshot();
export const service = (args) => client.service(args);
export const authFetch = (input, init) => client.authFetch(input, init);
/** `@netuno/service-client`'s `_service` call shape, on the default client. */
export const _service = service;

const _auth = {
  config, login, refreshToken, logout, isLogged, accessToken, token, subscribe, snapshot, service,
  authFetch, _service, client, createAuthClient, AuthClient, isAuthError,
};
export default _auth;
