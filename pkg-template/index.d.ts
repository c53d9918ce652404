// Types of the wasm-auth-client package entry. The data types are generated from the Rust types
// (tsify) and the class's from the facade (src/js/types.rs), into wasm_auth_client.d.ts; this file
// re-exports them and declares what the entry adds: the default client and its functions, which
// work before the wasm is loaded (browsers load it asynchronously: see `ready`).
import type {
  AuthClient,
  AuthError,
  AuthEvent as ClientEvent,
  Config,
  LoginArgs,
  LoginResult,
  RefreshArgs,
  ServiceArgs,
  ServiceResult,
  SessionStatus as ClientStatus,
  Settings,
  Snapshot as ClientSnapshot,
  Token,
  TokenConfig,
  TokenFunctions,
  TokenResponse,
} from './wasm_auth_client.js';
import { createAuthClient, isAuthError } from './wasm_auth_client.js';

export { AuthClient, createAuthClient, isAuthError } from './wasm_auth_client.js';
export type {
  AuthAnswer,
  AuthError,
  AuthErrorCode,
  AuthFailure,
  BodyTransform,
  Config,
  ConfigData,
  FailCallback,
  HttpMethod,
  LoginArgs,
  LoginConfig,
  LoginResult,
  LogoutReason,
  RefreshArgs,
  RefreshTokenConfig,
  ServiceArgs,
  ServiceResult,
  Settings,
  StorageKind,
  SuccessCallback,
  TimeUnit,
  Token,
  TokenConfig,
  TokenFunctions,
  TokenResponse,
  UserClaims,
} from './wasm_auth_client.js';

/** Where the default client stands: a client's status, or `'failed'` when the wasm could not
 * load (see {@link FailedSnapshot}). */
export type SessionStatus = ClientStatus | 'failed';
/** The error of a wasm that could not load: its message names the cause and the fix. */
export type WasmUnavailableError = AuthError & { code: 'wasm_unavailable' };
/** `snapshot()` when the wasm could not load (a Content-Security-Policy without
 * `'wasm-unsafe-eval'`, a `.wasm` answered with a 404 or not served, a network error). */
export interface FailedSnapshot {
  readonly status: 'failed';
  readonly loggedIn: false;
  readonly user: null;
  readonly expiresAt: null;
  readonly tokenType: null;
  readonly storageDegraded: false;
  readonly extra: null;
  readonly error: WasmUnavailableError;
}
/** The default client's state; the same frozen object until it changes. */
export type Snapshot = ClientSnapshot | FailedSnapshot;
/** What `subscribe` listeners hear: a client's events, and `load_error` when the wasm could not
 * load (`snapshot()` is then the failed one). */
export type AuthEvent = ClientEvent | { type: 'load_error'; error: WasmUnavailableError };

/** The default client behind the functions below; `null` until `ready()` resolves. */
export let client: AuthClient | null;
/** Resolves once the wasm is loaded and the default client has restored its session (at once
 * in Node and server renders). Until then `snapshot().status` is `'loading'`, `isLogged()` is
 * false, `accessToken()` and `token()` are null, and every other call is queued, in order.
 * When the wasm cannot load it rejects with a {@link WasmUnavailableError}, as every Promise
 * call then does; `{ retry: true }` loads again after such a failure. */
export function ready(options?: { retry?: boolean }): Promise<void>;
/** Deep-merges `settings` into the default client's configuration and returns a copy, also
 * thenable (`(await config()).token.load(…)`, as with `@netuno/auth-client` 1.1); before
 * `ready()` the settings are queued and a Promise of the copy is returned (after a failed load,
 * it resolves once `ready({ retry: true })` loads the wasm). */
export function config(settings?: Settings): (Config & PromiseLike<Config>) | Promise<Config>;
export function login(args: LoginArgs): Promise<LoginResult>;
export function refreshToken(args?: RefreshArgs): Promise<LoginResult>;
export function logout(): Promise<void>;
export function isLogged(): boolean;
export function accessToken(): string | null;
/** A copy of the `token` settings with `load`/`unload` (null before `ready()`). */
export function token(): (TokenConfig & TokenFunctions) | null;
/** Loads `data` as a token answer; whether it was one (null, and queued, before `ready()`). */
export function token(data: TokenResponse): boolean | null;
export function token(args: unknown, data: TokenResponse): boolean | null;
/** The token held, or `null`. */
export function currentToken(): Token | null;
export function subscribe(listener: (event: AuthEvent) => void): () => void;
export function snapshot(): Snapshot;
/** The snapshot of a server render, status `'loading'` (the session lives in the browser, so a
 * server cannot tell a returning user from a new one): React's `getServerSnapshot`, so that the
 * browser's hydration renders what the server's HTML shows. */
export function serverSnapshot(): Snapshot;
export function service<T = unknown>(args: ServiceArgs<T>): Promise<ServiceResult<T>>;
export function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
export const _service: typeof service;

declare const _auth: {
  config: typeof config;
  login: typeof login;
  refreshToken: typeof refreshToken;
  logout: typeof logout;
  isLogged: typeof isLogged;
  accessToken: typeof accessToken;
  token: typeof token;
  currentToken: typeof currentToken;
  subscribe: typeof subscribe;
  snapshot: typeof snapshot;
  serverSnapshot: typeof serverSnapshot;
  service: typeof service;
  authFetch: typeof authFetch;
  _service: typeof service;
  ready: typeof ready;
  readonly client: AuthClient | null;
  createAuthClient: typeof createAuthClient;
  AuthClient: typeof AuthClient;
  isAuthError: typeof isAuthError;
};
export default _auth;
