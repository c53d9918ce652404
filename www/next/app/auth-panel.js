'use client';
// The client component. It is also rendered on the server (at build time, and by `next start`),
// where the package loads its wasm synchronously and useAuth() renders the server snapshot:
// 'loading', since the session lives in the browser. The browser hydrates that HTML with the same
// snapshot, then its own takes over: 'loading' while the wasm loads, then the session it restored
// from sessionStorage, or 'logged_out'. A returning user never sees the login form flash.
import { useEffect, useState } from 'react';
import _auth from 'wasm-auth-client';
import { useAuth } from 'wasm-auth-client/react';

// The API prefix: ?api=<url>, else NEXT_PUBLIC_AUTH_PREFIX (inlined at build time), else the
// test server of scripts/demo. Only in the browser: the server render never calls the API.
if (typeof window !== 'undefined') {
  const prefix = new URLSearchParams(window.location.search).get('api')
    ?? process.env.NEXT_PUBLIC_AUTH_PREFIX ?? 'http://127.0.0.1:9000/services/';
  _auth.config({ prefix });
}

function LoginForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await _auth.login({ username: username.trim(), password });
    } catch (err) {
      setError(err?.code ? `${err.message} (${err.code})` : String(err));
      setBusy(false);
    }
  }

  return (
    <form id="login-form" onSubmit={submit}>
      <label>
        Username{' '}
        <input id="username" autoComplete="username" required placeholder="admin"
          value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>{' '}
      <label>
        Password{' '}
        <input id="password" type="password" autoComplete="current-password" required
          value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>{' '}
      <button id="login-button" type="submit" disabled={busy}>Log in</button>
      {error && <p id="login-error" role="alert">{error}</p>}
    </form>
  );
}

export function AuthPanel() {
  const auth = useAuth();
  // Marks the page as hydrated (the tests wait for it before typing into the form).
  useEffect(() => {
    document.body.dataset.hydrated = 'true';
  }, []);

  return (
    <section>
      <p>Status: <span id="status">{auth.status}</span></p>
      {auth.status === 'loading' && <p id="loading">Loading…</p>}
      {auth.loggedIn && (
        <div id="logged-in">
          <p>Signed in as <strong id="user-name">{auth.user?._user_name ?? auth.user?.name ?? String(auth.user?.sub ?? '')}</strong></p>
          <button id="logout-button" type="button" onClick={() => _auth.logout()}>Logout</button>
        </div>
      )}
      {auth.status === 'logged_out' && <LoginForm />}
    </section>
  );
}
