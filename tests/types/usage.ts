// A TypeScript consumer of the whole wasm-auth-client API, compiled by ./check with
// `tsc --noEmit --strict` against the package's index.d.ts. Never run: it only has to compile,
// and the `satisfies` / Equals lines pin the types that the API promises.
import _auth, {
  _service,
  accessToken,
  AuthClient,
  authFetch,
  client,
  config,
  currentToken,
  createAuthClient,
  isAuthError,
  isLogged,
  login,
  logout,
  ready,
  refreshToken,
  serverSnapshot,
  service,
  snapshot,
  subscribe,
  token,
  type AuthError,
  type AuthErrorCode,
  type AuthEvent,
  type Config,
  type HttpMethod,
  type LoginArgs,
  type LoginResult,
  type LogoutReason,
  type RefreshArgs,
  type ServiceArgs,
  type ServiceResult,
  type SessionStatus,
  type Settings,
  type Snapshot,
  type StorageKind,
  type TimeUnit,
  type Token,
  type TokenResponse,
  type UserClaims,
  type WasmUnavailableError,
} from 'wasm-auth-client';

/** True when A and B are the same type (not merely assignable). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <T extends true>(): T => true as T;

/** Every key of T, nested plain objects included, required (functions and arrays are leaves). */
type AllKeys<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends (...args: never[]) => unknown
    ? unknown
    : NonNullable<T[K]> extends readonly unknown[]
      ? unknown
      : NonNullable<T[K]> extends object
        ? AllKeys<NonNullable<T[K]>>
        : unknown;
};

// ---------------------------------------------------------------------------------------------
// AuthError: code narrowing through the package's type guard.

/** A message for each code; the `never` default makes this fail to compile if a code is added. */
function explain(error: unknown): string {
  if (!isAuthError(error)) return String(error);
  const status: number | undefined = error.status;
  switch (error.code) {
    case 'invalid_argument': return `bad call: ${error.message}`;
    case 'invalid_credentials': return 'wrong user or password';
    case 'account_locked': return 'too many attempts, try again later';
    case 'login_rejected': {
      const body: unknown = error.body;
      return `refused: ${JSON.stringify(body)}`;
    }
    case 'group_not_allowed': return 'this user may not sign in here';
    case 'invalid_response': return 'the server answered something else than a token';
    case 'invalid_refresh_token': return 'the session ended, sign in again';
    case 'not_logged_in': return 'sign in first';
    case 'network': return 'offline?';
    case 'timeout': return 'the server is slow';
    case 'http_status': {
      const response: Response | undefined = error.response;
      return `HTTP ${status ?? '?'} from ${response?.url ?? '?'}: ${JSON.stringify(error.body)}`;
    }
    case 'unauthorized': return 'the API refused the token';
    case 'refresh_unavailable': {
      const cause: AuthError | undefined = error.cause;
      return `reconnecting (${cause?.code ?? 'unknown'})`;
    }
    case 'config': return `bad settings: ${error.message}`;
    case 'storage': return 'storage unavailable';
    case 'wasm_unavailable': return `the page cannot load the client: ${error.message}`;
    default: {
      const unreachable: never = error.code;
      return unreachable;
    }
  }
}
same<Equals<AuthError['code'], AuthErrorCode>>();
same<Equals<AuthError['name'], 'AuthError'>>();

// ---------------------------------------------------------------------------------------------
// config(): every key, at every level (AllKeys fails this line when Config gains a key).

const settings = {
  prefix: 'https://api.example.com/services/',
  url: '_auth',
  autoLoadServiceHeaders: true,
  autoRefreshToken: true,
  storage: 'local',
  expiresInUnit: 'seconds',
  login: {
    usernameKey: 'username',
    passwordKey: 'password',
    params: { jwt: true, client_id: 'app' },
    success: (t) => console.log('login success', t.token_type, t.json?.extra),
    fail: (e) => console.log('login failed', e.code, e.json?.locked),
    data: (body) => ({ ...body, altcha: 'payload' }),
  },
  refreshToken: {
    parameterKey: 'refresh_token',
    url: '_auth/refresh',
    cookie: false,
    params: {},
    success: (t) => console.log('refreshed until', t.expires_at),
    fail: (e) => console.log('refresh failed', e.code, e.status),
    data: (body) => body,
  },
  logout: { url: '_auth/logout', params: { everywhere: true } },
  service: { headers: { 'X-App': 'demo' }, credentials: 'same-origin' },
  token: {
    storageKey: '_auth_token',
    resultKey: 'result',
    expiresInKey: 'expires_in',
    accessTokenKey: 'access_token',
    refreshTokenKey: 'refresh_token',
    tokenTypeKey: 'token_type',
    loadedInKey: 'loaded_in',
    expiresInDefault: null,
    tokenTypeDefault: 'Bearer',
    maxBytes: 16384,
    load: (_settings, data) => data != null,
    unload: () => true,
  },
  timeout: 10000,
  refreshLead: 60,
  refreshJitter: null,
  allowedOrigins: ['https://api.example.com'],
  authHeader: 'Authorization',
  authScheme: 'Bearer',
  retryStatuses: [401, 403],
  crossTabLock: true,
  shareAcrossTabs: null,
  serviceClient: { config: () => ({ prefix: '/services/' }) },
  onLogin: (event) => console.log('onLogin', event.type),
  onLogout: (event) => console.log('onLogout', event.type === 'logout' ? event.reason : null),
} satisfies Settings & AllKeys<Config>;

await ready();
const full: Config = await config(settings);
const storage: StorageKind = full.storage;
const unit: TimeUnit = full.expiresInUnit;
const lead: number = full.refreshLead;
const origins: string[] | null = full.allowedOrigins;
console.log(storage, unit, lead, origins, full.token.storageKey, full.login.usernameKey);
same<Equals<ReturnType<typeof config>, (Config & PromiseLike<Config>) | Promise<Config>>>();

// Partial settings, nullable keys cleared with null, and reading the configuration back.
config({ storage: 'memory' });
config({ token: { storageKey: 'other' }, refreshToken: { parameterKey: 'rt' } });
config({ authScheme: null, refreshJitter: null, allowedOrigins: null, token: { resultKey: null, tokenTypeKey: null } });
config({ storage: 'session', expiresInUnit: 'minutes', retryStatuses: [401] });
const current: Config = await config();
console.log(current.prefix);

// ---------------------------------------------------------------------------------------------
// login / refreshToken / logout / isLogged / accessToken / token

async function signIn(username: string, password: string): Promise<string> {
  const args: LoginArgs = {
    username,
    password,
    success(t: Token) {
      console.log('stored until', t.expires_at);
    },
    fail(error: AuthError) {
      console.log(error.code);
    },
  };
  try {
    const t = await login(args);
    same<Equals<typeof t, LoginResult>>();
    const expiresIn: number | null = t.expires_in;
    const loadedAt: number = t.loaded_at;
    // null in cookie mode (the server keeps it) and for an access token another tab shared.
    console.log(expiresIn, loadedAt, t.refresh_token?.length ?? 0);
    same<Equals<typeof t.refresh_token, string | null>>();
    return t.access_token;
  } catch (error) {
    throw new Error(explain(error));
  }
}

async function keepAlive(): Promise<void> {
  const a: Token = await refreshToken();
  const args: RefreshArgs = { success: (t) => console.log(t.loaded_at), fail: (e) => console.log(e.code) };
  const b: Token = await refreshToken(args);
  console.log(a.access_token === b.access_token);
  // The @netuno/auth-client style: callbacks only, the promise ignored.
  void login({ username: 'admin', password: 'secret', success: (t) => console.log(t), fail: (e) => console.log(e) });
}

function session(): void {
  const logged: boolean = isLogged();
  const bearer: string | null = accessToken();
  if (bearer !== null) console.log(bearer.length);
  const t: Token | null = currentToken();
  console.log(logged, t?.token_type, t?.extra);
  const keys = token();
  console.log(keys?.storageKey, keys?.loadedInKey, keys?.load);
  const response: TokenResponse = {
    result: true, token_type: 'Bearer', access_token: 'eyJ...', refresh_token: 'r', expires_in: 3600000,
  };
  const loaded: boolean | null = token(response);
  const loadedToo: boolean | null = token(undefined, response);
  console.log(loaded, loadedToo);
  void logout().then(() => console.log('logged out'));
  same<Equals<ReturnType<typeof logout>, Promise<void>>>();
}

// ---------------------------------------------------------------------------------------------
// subscribe (a switch over the event types) and snapshot

function describeEvent(event: AuthEvent): string {
  switch (event.type) {
    case 'login':
    case 'restore':
    case 'refresh':
      return event.type;
    case 'logout': {
      const reason: LogoutReason = event.reason;
      return `logout (${reason})`;
    }
    case 'refresh_error':
      return `refresh failed: ${explain(event.error)}`;
    case 'storage_degraded':
      return `storage: ${event.error.code}`;
    case 'token_expired':
      return 'reconnecting…';
    case 'warning': {
      const message: string = event.message;
      return message;
    }
    case 'ready':
      return 'loaded';
    case 'load_error':
      return `the wasm could not load: ${event.error.code}`;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

const unsubscribe: () => void = subscribe((event) => console.log(describeEvent(event)));
unsubscribe();

const snap: Snapshot = snapshot();
const user: UserClaims | null = snap.user;
const name: string | undefined = user?.name;
const group: string | undefined = user?.group;
const extra: unknown = user?.['custom_claim'];
const expiresAt: number | null = snap.expiresAt;
const tokenType: string | null = snap.tokenType;
const flags: [boolean, boolean] = [snap.loggedIn, snap.storageDegraded];
const signInExtra: unknown = snap.extra;
console.log(signInExtra);
const status: 'loading' | 'logged_out' | 'logged_in' | 'refreshing' | 'failed' = snap.status;
same<Equals<typeof snap.status, SessionStatus>>();
console.log(status);
// A failed load: the status narrows the snapshot to the one that carries the error.
if (snap.status === 'failed') {
  const failure: WasmUnavailableError = snap.error;
  same<Equals<typeof failure.code, 'wasm_unavailable'>>();
  const loggedIn: false = snap.loggedIn;
  console.log(failure.message, loggedIn);
} else {
  same<Equals<typeof snap.status, 'loading' | 'logged_out' | 'logged_in' | 'refreshing'>>();
}
await ready({ retry: true });
console.log(name, group, extra, expiresAt, tokenType, flags);

// React's useSyncExternalStore(subscribe, getSnapshot) accepts the two functions as they are.
declare function useSyncExternalStore<T>(
  subscribe: (onStoreChange: () => void) => () => void,
  getSnapshot: () => T,
): T;
const fromReact: Snapshot = useSyncExternalStore(_auth.subscribe, _auth.snapshot);
console.log(fromReact.loggedIn);

// ---------------------------------------------------------------------------------------------
// service / _service / authFetch

interface Profile {
  id: string;
  name: string;
  code: string;
  group: string;
}

async function calls(signal: AbortSignal): Promise<void> {
  const profile = await service<Profile>({ url: 'profile' });
  same<Equals<typeof profile, ServiceResult<Profile>>>();
  const group: string | undefined = profile.json?.group;
  const ok: boolean = profile.ok;
  const status: number = profile.status;
  const type: string = profile.contentType;
  const header: string | null = profile.headers.get('content-type');
  console.log(group, ok, status, type, header);

  const method: HttpMethod = 'PATCH';
  const args: ServiceArgs<{ echoed: boolean }> = {
    url: 'echo',
    method,
    data: { a: 1, nested: { b: [1, 2] } },
    headers: { 'X-Request-Id': '42' },
    timeout: 5000,
    success: (result) => console.log(result.json?.echoed),
    fail: (error) => console.log(error.code),
  };
  await service(args);
  await service({ url: 'upload', method: 'POST', data: new FormData() });
  await service({ url: 'list', method: 'PUT', data: [1, 2, 3] });
  await service({ url: 'custom', method: 'PROPFIND' });
  const file = await _service({ url: 'report.pdf', blob: true });
  const blob: Blob | undefined = file.blob;
  const text: string | undefined = file.text;
  console.log(blob?.size, text);

  const r1: Response = await authFetch('https://api.example.com/services/profile');
  const r2: Response = await authFetch(new URL('profile', full.prefix), { method: 'GET', signal });
  const r3: Response = await authFetch(new Request('https://api.example.com/services/echo', { method: 'POST' }));
  console.log(r1.status, r2.ok, (await r3.json()) as unknown);
}

// ---------------------------------------------------------------------------------------------
// AuthClient: independent clients, and the default object

async function clients(): Promise<void> {
  const other = new AuthClient({ storage: 'memory', token: { storageKey: 'other' } });
  const again: AuthClient = createAuthClient({ prefix: 'https://b.example.com/services/' });
  const plain = new AuthClient();
  const c: Config = other.config({ timeout: 2000 });
  // As with @netuno/auth-client 1.1: `(await config()).token.load(settings, data)`.
  const awaited: Config = await other.config();
  console.log(awaited.token.load?.(awaited, { access_token: 'a' }));
  await other.login({ username: 'customer', password: 'secret' });
  await other.refreshToken({ fail: (e) => console.log(e.code) });
  const stop = other.subscribe((e) => console.log(e.type));
  stop();
  const s: Snapshot = other.snapshot();
  const r: ServiceResult<Profile> = await other.service<Profile>({ url: 'profile' });
  const f: Response = await other.authFetch('profile');
  console.log(c, s, r, f, other.isLogged(), other.accessToken(), other.token());
  await other.logout();
  other.free();
  again.free();
  plain.free();
  const isDefault: boolean = client instanceof AuthClient;
  console.log(isDefault, client?.snapshot().loggedIn);
}

// The default export has the module-level functions (the @netuno/auth-client shape) and more.
const auth = _auth;
same<Equals<typeof auth.login, typeof login>>();
same<Equals<typeof auth._service, typeof service>>();
same<Equals<typeof auth.authFetch, typeof authFetch>>();
same<Equals<typeof auth.client, AuthClient | null>>();
same<Equals<typeof auth.ready, typeof ready>>();
same<Equals<typeof auth.serverSnapshot, typeof serverSnapshot>>();
same<Equals<typeof auth.createAuthClient, typeof createAuthClient>>();
const Client: typeof AuthClient = auth.AuthClient;
console.log(new Client().isLogged(), auth.isLogged(), auth.accessToken(), auth.token(), auth.currentToken());
void Promise.resolve(auth.config()).then((c) => console.log(c.url));

export { calls, clients, keepAlive, session, signIn };
