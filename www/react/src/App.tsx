import { useEffect, useState, type FormEvent } from 'react';
import _auth, { type Snapshot, type UserClaims } from 'wasm-auth-client';
import { useAuth } from 'wasm-auth-client/react';

/** "message (code, HTTP status)" for an AuthError, or whatever else was thrown. */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const { code, status } = error as Error & { code?: string; status?: number };
    return code ? `${error.message} (${code}${status ? `, HTTP ${status}` : ''})` : error.message;
  }
  return String(error);
}

/** The current time, updated every `ms` milliseconds. */
function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

function LoginForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await _auth.login({ username: username.trim(), password });
    } catch (err) {
      setError(describe(err));
      setBusy(false);
    }
  }

  return (
    <section id="logged-out" className="card">
      <h2>Sign in</h2>
      <form id="login-form" onSubmit={submit}>
        <label>
          Username
          <input id="username" autoComplete="username" required placeholder="admin"
            value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Password
          <input id="password" type="password" autoComplete="current-password" required
            value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button id="login-button" type="submit" disabled={busy}>Log in</button>
        {error && <p id="login-error" className="error" role="alert">{error}</p>}
      </form>
      <p className="muted small">Test users: admin, customer, supplier (password <code>secret</code>).</p>
    </section>
  );
}

/** Seconds until the access token expires (the parent re-creates it for each new token). */
function Countdown({ expiresAt }: { expiresAt: number | null }) {
  const now = useNow(250);
  if (expiresAt == null) return <span id="expires-in" className="countdown">never</span>;
  const left = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  return (
    <span id="expires-in" className={`countdown flash${left === 0 ? ' expired' : ''}`}>
      {left}
    </span>
  );
}

function LoggedIn({ auth, refreshes }: { auth: Snapshot; refreshes: number }) {
  const [profile, setProfile] = useState<{ status: string; body: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function callProfile() {
    setBusy(true);
    try {
      const result = await _auth.service<{ id: string; name: string; group: string }>({ url: 'profile' });
      const body = result.json !== undefined ? JSON.stringify(result.json, null, 2) : (result.text ?? '');
      setProfile({ status: `HTTP ${result.status}`, body, ok: result.ok });
    } catch (err) {
      setProfile({ status: '(failed)', body: describe(err), ok: false });
    } finally {
      setBusy(false);
    }
  }

  const user: UserClaims = auth.user ?? {};
  return (
    <section id="logged-in" className="card">
      <h2>Signed in as <span id="user-name">{user._user_name ?? user.name ?? String(user.sub ?? '')}</span></h2>
      <dl className="facts">
        <dt>Group</dt><dd id="user-group">{user._group_code ?? user.group}</dd>
        <dt>Token type</dt><dd id="token-type">{auth.tokenType}</dd>
        <dt>Expires at</dt>
        <dd id="expires-at">{auth.expiresAt == null ? 'unknown' : new Date(auth.expiresAt).toLocaleTimeString()}</dd>
        {/* Keyed by the expiry: a new token re-creates the countdown (fresh clock, flash). */}
        <dt>Seconds left</dt><dd><Countdown key={auth.expiresAt} expiresAt={auth.expiresAt} /></dd>
        <dt>Refreshes seen</dt><dd><span id="refresh-count" key={refreshes} className="flash">{refreshes}</span></dd>
      </dl>
      <div className="actions">
        <button id="profile-button" type="button" disabled={busy} onClick={callProfile}>
          Call /services/profile
        </button>
        <button id="logout-button" type="button" className="danger" onClick={() => _auth.logout()}>
          Logout
        </button>
      </div>
      <h3>Profile <span id="profile-status" className="muted small">{profile?.status}</span></h3>
      <pre id="profile-result" className={profile && !profile.ok ? 'result error' : 'result'}>
        {profile ? profile.body : '(not called yet)'}
      </pre>
    </section>
  );
}

export function App() {
  const auth = useAuth();
  const [refreshes, setRefreshes] = useState(0);
  // Events, for what a snapshot does not hold (here: how many refreshes this page has seen).
  useEffect(() => _auth.subscribe((event) => {
    if (event.type === 'refresh') setRefreshes((n) => n + 1);
  }), []);
  useEffect(() => {
    if (auth.status !== 'loading') document.body.dataset.ready = 'true';
  }, [auth.status]);

  return (
    <>
      <header>
        <h1>wasm-auth-client <span className="muted">React example</span></h1>
        <p id="status" className="muted">
          {auth.status === 'loading' ? 'Loading…' : auth.loggedIn ? 'Signed in.' : 'Signed out.'}
          {auth.storageDegraded && ' (storage unavailable: the session will not survive a reload)'}
        </p>
      </header>
      <main>
        {auth.status === 'loading' ? null : auth.loggedIn ? <LoggedIn auth={auth} refreshes={refreshes} /> : <LoginForm />}
      </main>
    </>
  );
}
