// Types of the wasm-auth-client package entry. The data types are generated from the Rust types
// (tsify) and the class's from the facade (src/js/types.rs), into wasm_auth_client.d.ts; this file
// re-exports them and declares what the entry adds: the default client and its functions.
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
