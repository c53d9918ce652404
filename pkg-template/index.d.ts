// Types of the wasm-auth-client package entry. The data types are generated from the Rust types
// (tsify) and the class's from the facade (src/js/types.rs), into wasm_auth_client.d.ts; this file
// re-exports them and declares what the entry adds: the default client and its functions, which
// work before the wasm is loaded (browsers load it asynchronously: see `ready`).
import type {
  AuthClient,
  AuthEvent,
  Config,
  LoginArgs,
  RefreshArgs,
  ServiceArgs,
  ServiceResult,
  Settings,
  Snapshot,
  Token,
  TokenResponse,
} from './wasm_auth_client.js';
import { createAuthClient, isAuthError } from './wasm_auth_client.js';

export { AuthClient, createAuthClient, isAuthError } from './wasm_auth_client.js';
export type {
  AuthError,
  AuthErrorCode,
  AuthEvent,
  Config,
  ConfigData,
  FailCallback,
  HttpMethod,
  LoginArgs,
  LoginConfig,
  LogoutReason,
  RefreshArgs,
  RefreshTokenConfig,
  ServiceArgs,
  ServiceResult,
  SessionStatus,
  Settings,
  Snapshot,
  StorageKind,
  SuccessCallback,
  TimeUnit,
  Token,
  TokenConfig,
  TokenResponse,
  UserClaims,
} from './wasm_auth_client.js';

/** The default client behind the functions below; `null` until `ready()` resolves. */
export let client: AuthClient | null;
/** Resolves once the wasm is loaded and the default client has restored its session (at once
 * in Node and server renders). Until then `snapshot().status` is `'loading'`, `isLogged()` is
 * false, `accessToken()` and `token()` are null, and every other call is queued, in order. */
export function ready(): Promise<void>;
/** Deep-merges `settings` into the default client's configuration and returns a copy; before
 * `ready()` the settings are queued and `undefined` is returned. */
export function config(settings?: Settings): Config | undefined;
export function login(args: LoginArgs): Promise<Token>;
export function refreshToken(args?: RefreshArgs): Promise<Token>;
export function logout(): void;
export function isLogged(): boolean;
export function accessToken(): string | null;
export function token(args?: unknown, newToken?: TokenResponse): Token | null;
export function subscribe(listener: (event: AuthEvent) => void): () => void;
export function snapshot(): Snapshot;
/** The snapshot of a server render (logged out): React's `getServerSnapshot`, so that the
 * first client render matches the server's HTML. */
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
