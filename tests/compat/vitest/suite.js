// The checks each Vitest environment file runs (node.test.js, jsdom.test.js, happy-dom.test.js):
// the package imported for real (Vitest externalizes it: Node's own loader resolves it, from
// node_modules), a login, the profile service and a logout against the test server whose URL is
// $AUTH_SERVER_URL, and no timer left behind by the import or the session.
import { expect, test } from 'vitest';
import pending from '../pending-timers.cjs';

const { settle, timers } = pending;
const server = process.env.AUTH_SERVER_URL;

/** Defines the tests; `dom` is the user agent's mark of the DOM environment, or null for node. */
export function suite(dom) {
  let _auth;

  test('runs in the expected environment', () => {
    expect(server, 'AUTH_SERVER_URL is not set').toMatch(/^http:\/\//);
    if (dom) {
      expect(typeof window).toBe('object');
      expect(navigator.userAgent).toContain(dom);
    } else {
      expect(typeof window).toBe('undefined');
    }
  });

  test('imports the package, starting no timer', async () => {
    const mod = await import('wasm-auth-client');
    _auth = mod.default;
    expect(typeof mod.isAuthError).toBe('function');
    // Under Node (the package's "node" loader) the wasm is loaded synchronously: ready at import.
    expect(_auth.snapshot().status).toBe('logged_out');
    expect(_auth.isLogged()).toBe(false);
    await _auth.ready();
    await settle();
    expect(timers(), 'a timer of the package is pending after the import').toEqual([]);
  });

  test('logs in, calls the profile service, logs out', async () => {
    _auth.config({ prefix: `${server}/services/` });
    await _auth.login({ username: 'admin', password: 'secret' });
    expect(_auth.isLogged()).toBe(true);
    expect(_auth.snapshot().status).toBe('logged_in');
    expect(_auth.snapshot().user?._user_name).toBe('Ada Admin');
    const profile = await _auth.service({ url: 'profile' });
    expect(profile.json).toMatchObject({ name: 'Ada Admin' });

    await _auth.logout();
    expect(_auth.isLogged()).toBe(false);
    expect(_auth.snapshot().status).toBe('logged_out');
    await settle();
    expect(timers(), 'a timer of the package is pending after logout').toEqual([]);
  });
}
