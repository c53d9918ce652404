//! The TypeScript of the exported class and of the JS-only shapes (errors are `Error` objects,
//! callbacks are functions, the snapshot is frozen), next to the code that makes them. The data
//! types they use (`ConfigData`, `Token`, `StorageKind` ...) are generated from the Rust types.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Stable codes of {@link AuthError}. (`'aborted'` and `'unsupported'` are the Rust API's only:
 * when your own signal aborts `authFetch`, it rejects with the signal's reason, as `fetch` does;
 * the wasm never runs off wasm32.) */
export type AuthErrorCode = Exclude<ErrorCode, 'aborted' | 'unsupported'>;

/** Every rejection and thrown error of this package. */
export interface AuthError extends Error {
  name: 'AuthError';
  code: AuthErrorCode;
  /** The HTTP status that caused the error, when one did. */
  status?: number;
  /** For `refresh_unavailable`: why the last refresh attempt failed. */
  cause?: AuthError;
  /** For a `service()` call answered with a non-2xx status: the `Response` (its body read
   * into the error's `json` or `text`: see {@link ServiceFailure}). */
  response?: Response;
  /** When an HTTP answer caused the error: its body, the JSON value (a Netuno lockout's
   * `{locked: true, result: false}`, an altcha check's or a sign-in hook's own JSON), or the
   * text (an HTML error page), cut at 4 KB; `null` when it was empty. */
  body?: unknown;
}

/** For `token(args, newToken)`: a token response as the server sends it (read by the
 * configured keys), or what `token()` returned (read by its own keys; it keeps its age). */
export type TokenResponse = Record<string, unknown>;

/** The fields of `@netuno/auth-client`'s service-client result for the auth POST. */
export interface AuthAnswer {
  ok: boolean;
  status?: number;
  isJSON?: boolean;
  contentType?: string;
  /** The response itself, its body already read. */
  response?: Response;
  /** The server's whole answer (a Netuno login's carries `extra`). */
  json?: any;
  text?: string;
}

/** What a login or refresh resolves with and `success` gets: the token and the auth POST's
 * result, so `({json}) => json.extra` and `(t) => t.access_token` both work. */
export type LoginResult = Token & AuthAnswer;

/** What a failed login or refresh rejects with and `fail` gets: the AuthError and the auth
 * POST's result as `@netuno/auth-client`'s `fail` has it (`json.locked`, an app's own 406 JSON),
 * with `error`: the `TypeError` of a network failure, `'invalid-token'` for a 2xx answer that is
 * not a token, an `Error` naming the status for a refusal. */
export type AuthFailure = AuthError & Omit<AuthAnswer, 'ok'> & { ok: false; error?: unknown };

export type SuccessCallback = (result: LoginResult) => void;
export type FailCallback = (error: AuthFailure) => void;
/** Changes a login or refresh request body (`{jwt: true, username, password}`): add fields such
 * as an altcha payload; return the body (or change it in place and return nothing). */
export type BodyTransform = (body: Record<string, any>) => Record<string, any> | void;

/** `@netuno/auth-client`'s `token.load(settings, data)` and `token.unload()` on this client. */
export interface TokenFunctions {
  load?: (settings: unknown, data: TokenResponse) => boolean;
  unload?: (settings?: unknown, data?: unknown) => boolean;
}

/** Full configuration, as `config()` returns it: the data and the callbacks. */
export type Config = Omit<ConfigData, 'login' | 'refreshToken' | 'token'> & {
  login: LoginConfig & { success?: SuccessCallback; fail?: FailCallback; data?: BodyTransform };
  refreshToken: RefreshTokenConfig & {
    success?: SuccessCallback;
    fail?: FailCallback;
    data?: BodyTransform;
  };
  token: TokenConfig & TokenFunctions;
  /** An `@netuno/service-client` `_service` to link (as `useServiceClient`). */
  serviceClient?: NetunoServiceClient | null;
  onLogin?: (event: AuthEvent) => void;
  onLogout?: (event: AuthEvent) => void;
};

type DeepPartial<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends (...args: never[]) => unknown
    ? T[K] | null
    : T[K] extends readonly unknown[]
      ? T[K]
      : T[K] extends object
        ? DeepPartial<T[K]>
        : T[K];
};

/** Settings deep-merged by `config(settings)`; unknown keys are an error. */
export type Settings = DeepPartial<Config>;

export interface LoginArgs {
  username: string;
  password: string;
  /** Replaces the configured `login.success` for this call. */
  success?: SuccessCallback;
  /** Replaces the configured `login.fail` for this call. */
  fail?: FailCallback;
  /** Changes this call's request body, in place of the configured `login.data`. */
  data?: BodyTransform;
  /** This call's auth URL (relative to `prefix`). */
  url?: string;
}

export interface RefreshArgs {
  success?: SuccessCallback;
  fail?: FailCallback;
}

export type AuthEvent =
  | { type: 'login' }
  | { type: 'restore' }
  | { type: 'refresh' }
  | { type: 'logout'; reason: LogoutReason }
  | { type: 'refresh_error'; error: AuthError }
  | { type: 'storage_degraded'; error: AuthError }
  /** The access token expired before a refresh replaced it (the auth server is slow or down):
   * the session is kept, calls wait for the refresh, retries go on. */
  | { type: 'token_expired' }
  /** Something in the server's answers looks like a configuration mistake (a token lifetime
   * that is not plausible in `expiresInUnit`); said once, also with `console.warn`. */
  | { type: 'warning'; message: string }
  /** The client has finished loading: a kept session is restored (after its `restore`), or
   * none was found. Once per client, and again after a `config()` that changes where a session
   * is found (cookie mode turned on, sharing across tabs, another storage key). */
  | { type: 'ready' };

/** Claims of the access token, decoded without verification (the server verifies). A Netuno
 * server's: `uid`, `_user`, `_user_uid`, `_user_name`, `_user_code`, `_group_uid`,
 * `_group_name`, `_group_code`, `_admin`, `_dev` (and no `exp`). */
export interface UserClaims {
  uid?: string;
  _user?: string;
  _user_name?: string;
  _user_code?: string;
  _group_name?: string;
  _group_code?: string;
  sub?: string | number;
  name?: string;
  code?: string;
  group?: string;
  iat?: number;
  exp?: number;
  jti?: string;
  [claim: string]: unknown;
}

/** The client state; the same frozen object until the state changes. */
export type Snapshot = Readonly<SnapshotData & {
  /** The access token's claims (its whole payload), decoded without verification. */
  user: UserClaims | null;
  /** The login answer's `extra` (the app's own data; Netuno's `signInExtraData`), kept
   * through refreshes and reloads and shared with the other tabs; `null` when none was sent. */
  extra: unknown;
}>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | (string & {});

export interface ServiceArgs<T = unknown> {
  url: string;
  method?: HttpMethod;
  /** The query of a GET or HEAD, else a JSON body; a string is sent as it is (a query
   * `'a=1&b=2'`, or JSON text), a `FormData` as a multipart form. */
  data?: Record<string, unknown> | FormData | unknown[] | string;
  headers?: Record<string, string>;
  blob?: boolean;
  /** Abort after this many ms (code 'timeout'); default: the config's `timeout`. */
  timeout?: number;
  success?: (result: ServiceResult<T>) => void;
  fail?: (error: AuthError) => void;
}

export interface ServiceResult<T = unknown> {
  ok: boolean;
  status: number;
  contentType: string;
  /** Whether the content type is JSON. */
  isJSON: boolean;
  headers: Headers;
  /** The response itself (its body already read). */
  response: Response;
  json?: T;
  text?: string;
  blob?: Blob;
}

/** The part of `@netuno/service-client`'s `_service` that `useServiceClient` uses. */
export interface NetunoServiceClient {
  config(settings?: { headers?: Record<string, string> }): { prefix?: string };
}

/** What `_service.config()` of the service-client drop-in takes and returns. */
export interface ServiceClientSettings {
  prefix?: string;
  headers?: Record<string, string | number | boolean>;
  credentials?: 'omit' | 'same-origin' | 'include' | null;
}

/** An authentication client. Several can live side by side, each with its own storage key. */
export class AuthClient {
  constructor(settings?: Settings);
  /** Deep-merges `settings`; returns the configuration, also as a thenable (`await
   * config()`, as `@netuno/auth-client` 1.1's is async), whose `token` has `load`. */
  config(settings?: Settings): Config & PromiseLike<Config>;
  login(args: LoginArgs): Promise<LoginResult>;
  refreshToken(args?: RefreshArgs): Promise<LoginResult>;
  logout(): Promise<void>;
  isLogged(): boolean;
  accessToken(): string | null;
  /** A copy of the `token` settings, with `load` and `unload` (as `@netuno/auth-client`). */
  token(): TokenConfig & TokenFunctions;
  /** Loads `data` as a token answer; whether it was one. */
  token(data: TokenResponse): boolean;
  token(args: unknown, data: TokenResponse): boolean;
  /** The token held, or `null`. */
  currentToken(): Token | null;
  subscribe(listener: (event: AuthEvent) => void): () => void;
  snapshot(): Snapshot;
  /** Resolves once the session is loaded: at once, unless a restore from the other tabs or
   * (in cookie mode) from the refresh cookie runs; `snapshot().status` is 'loading' until then. */
  ready(): Promise<void>;
  service<T = unknown>(args: ServiceArgs<T>): Promise<ServiceResult<T>>;
  /** `fetch` with the token for allowed origins, refresh first when due, one replay after a 401.
   * The config's `timeout` bounds the wait for the response headers (code 'timeout'); the body
   * is then yours to read for as long as it takes (a download, server-sent events). An abort by
   * your own signal rejects as `fetch` does, with the signal's reason. */
  authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Links an `@netuno/service-client` `_service`: its prefix is followed while none is set
   * here, and (with `autoLoadServiceHeaders`) its Authorization header carries the token. */
  useServiceClient(service: NetunoServiceClient): void;
  /** `_service.config({prefix, headers, credentials})`: the prefix is this client's; headers
   * (merged) and credentials are the defaults of `service()` calls. */
  serviceConfig(settings?: ServiceClientSettings): ServiceClientSettings;
  free(): void;
}

/** Creates an independent client (its own storage key, timers and listeners). */
export function createAuthClient(settings?: Settings): AuthClient;
/** Whether `error` is this package's AuthError. */
export function isAuthError(error: unknown): error is AuthError;
"#;
