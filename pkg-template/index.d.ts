// Types of the wasm-auth-client package. Hand-written: the generated wasm_auth_client.d.ts
// only knows `any` for JS values.

/** Stable codes of {@link AuthError}. */
export type AuthErrorCode =
  | 'invalid_argument'
  | 'invalid_credentials'
  | 'group_not_allowed'
  | 'invalid_response'
  | 'invalid_refresh_token'
  | 'not_logged_in'
  | 'network'
  | 'timeout'
  | 'http_status'
  | 'unauthorized'
  | 'config'
  | 'storage';

/** Every rejection and thrown error of this package. */
export interface AuthError extends Error {
  name: 'AuthError';
  code: AuthErrorCode;
  /** The HTTP status that caused the error, when one did. */
  status?: number;
  /** For a `service()` call answered with a non-2xx status: the result, body included. */
  response?: ServiceResult;
}

/** The token as `token()` shows it (keys as in the server's response). */
export interface Token {
  access_token: string;
  refresh_token: string;
  token_type: string;
  /** The raw `expires_in` of the response, in `expiresInUnit`. */
  expires_in: number | null;
  /** Local time (ms since epoch) when the token arrived. */
  loaded_at: number;
  /** Local time (ms since epoch) when the access token expires, if known. */
  expires_at: number | null;
}

/** A token response as the server sends it, for `token(args, newToken)`. */
export type TokenResponse = Record<string, unknown>;

export type StorageKind = 'session' | 'local' | 'memory';
export type TimeUnit = 'seconds' | 'minutes' | 'milliseconds';

export type SuccessCallback = (token: Token) => void;
export type FailCallback = (error: AuthError) => void;

/** Full configuration, as `config()` returns it. */
export interface Config {
  prefix: string;
  url: string;
  autoLoadServiceHeaders: boolean;
  autoRefreshToken: boolean;
  storage: StorageKind;
  expiresInUnit: TimeUnit;
  login: { usernameKey: string; passwordKey: string; success?: SuccessCallback; fail?: FailCallback };
  refreshToken: { parameterKey: string; success?: SuccessCallback; fail?: FailCallback };
  token: {
    storageKey: string;
    resultKey: string | null;
    expiresInKey: string | null;
    accessTokenKey: string;
    refreshTokenKey: string;
    tokenTypeKey: string | null;
    expiresInDefault: number | null;
    tokenTypeDefault: string | null;
  };
  /** Timeout of calls to the auth endpoint and the default of `service` and `authFetch`, in ms. */
  timeout: number;
  /** Refresh this many seconds before the access token expires (at most half its lifetime). Default 60. */
  refreshLead: number;
  /** Refresh up to this many seconds earlier still, at random; null: 10% of the lead. */
  refreshJitter: number | null;
  /** Origins that receive the token; null: the origin of `prefix` (the page's when relative). */
  allowedOrigins: string[] | null;
  /** Header that carries the token. Default 'Authorization'. */
  authHeader: string;
  /** Scheme before the token: absent, the token type ('Bearer'); null, the bare token. */
  authScheme?: string | null;
  /** Statuses after which a call is retried once with a refreshed token. Default [401]. */
  retryStatuses: number[];
  /** With storage 'local': refresh under a cross-tab lock so tabs never race (default true). */
  crossTabLock: boolean;
  onLogin?: (event: AuthEvent) => void;
  onLogout?: (event: AuthEvent) => void;
}

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
  success?: SuccessCallback;
  fail?: FailCallback;
}

export interface RefreshArgs {
  success?: SuccessCallback;
  fail?: FailCallback;
}

export type LogoutReason = 'user' | 'refresh_rejected' | 'other_tab';

export type AuthEvent =
  | { type: 'login' }
  | { type: 'restore' }
  | { type: 'refresh' }
  | { type: 'logout'; reason: LogoutReason }
  | { type: 'refresh_error'; error: AuthError }
  | { type: 'storage_degraded'; error: AuthError };

/** Claims of the access token, decoded without verification (the server verifies). */
export interface UserClaims {
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
export interface Snapshot {
  readonly loggedIn: boolean;
  readonly user: UserClaims | null;
  readonly expiresAt: number | null;
  readonly tokenType: string | null;
  readonly storageDegraded: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | (string & {});

export interface ServiceArgs<T = unknown> {
  url: string;
  method?: HttpMethod;
  data?: Record<string, unknown> | FormData | unknown[];
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
  headers: Headers;
  json?: T;
  text?: string;
  blob?: Blob;
}

export class AuthClient {
  constructor(settings?: Settings);
  config(settings?: Settings): Config;
  login(args: LoginArgs): Promise<Token>;
  refreshToken(args?: RefreshArgs): Promise<Token>;
  logout(): void;
  isLogged(): boolean;
  accessToken(): string | null;
  token(args?: unknown, newToken?: TokenResponse): Token | null;
  subscribe(listener: (event: AuthEvent) => void): () => void;
  snapshot(): Snapshot;
  service<T = unknown>(args: ServiceArgs<T>): Promise<ServiceResult<T>>;
  /** `fetch` with the token for allowed origins, refresh first when due, one replay after a 401. */
  authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  free(): void;
}

export function createAuthClient(settings?: Settings): AuthClient;
/** Whether `error` is this package's AuthError. */
export function isAuthError(error: unknown): error is AuthError;
export const client: AuthClient;
export function config(settings?: Settings): Config;
export function login(args: LoginArgs): Promise<Token>;
export function refreshToken(args?: RefreshArgs): Promise<Token>;
export function logout(): void;
export function isLogged(): boolean;
export function accessToken(): string | null;
export function token(args?: unknown, newToken?: TokenResponse): Token | null;
export function subscribe(listener: (event: AuthEvent) => void): () => void;
export function snapshot(): Snapshot;
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
  service: typeof service;
  authFetch: typeof authFetch;
  _service: typeof service;
  client: AuthClient;
  createAuthClient: typeof createAuthClient;
  AuthClient: typeof AuthClient;
  isAuthError: typeof isAuthError;
};
export default _auth;
