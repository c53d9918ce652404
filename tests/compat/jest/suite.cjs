// The checks each Jest test file runs (CommonJS *.test.cjs and ESM *.test.mjs, in the node and
// jsdom environments): the package loaded for real by `load()` (the test file's own require or
// import, resolved by Jest's resolver with the environment's export conditions), then a login, the
// profile service and a logout against the test server ($AUTH_SERVER_URL) where the environment
// has fetch, and typed errors from a mocked fetch. Jest's jsdom environment has none (it hides
// Node's): there, login must reject with the package's typed AuthError, code 'network', and
// leave the client logged out.
'use strict';
const { settle, timers } = require('../pending-timers.cjs');

const server = process.env.AUTH_SERVER_URL;

/** Defines the tests: `dom` is true under jsdom; `load()` returns (a Promise of) the package. */
exports.suite = function suite({ dom, load }) {
  let pkg;
  let _auth;

  test('runs in the expected environment', () => {
    expect(server).toMatch(/^http:\/\//);
    expect(typeof window).toBe(dom ? 'object' : 'undefined');
    if (dom) expect(navigator.userAgent).toContain('jsdom');
  });

  test('loads the package, starting no timer', async () => {
    pkg = await load();
    _auth = pkg.default;
    expect(typeof _auth?.login).toBe('function');
    expect(typeof pkg.isAuthError).toBe('function');
    await _auth.ready();
    expect(_auth.snapshot().status).toBe('logged_out');
    expect(_auth.isLogged()).toBe(false);
    await settle();
    expect(timers()).toEqual([]);
  });

  if (typeof fetch === 'function') {
    test('logs in, calls the profile service, logs out', async () => {
      _auth.config({ prefix: `${server}/services/` });
      await _auth.login({ username: 'admin', password: 'secret' });
      expect(_auth.isLogged()).toBe(true);
      expect(_auth.snapshot().status).toBe('logged_in');
      const profile = await _auth.service({ url: 'profile' });
      expect(profile.json).toMatchObject({ name: 'Ada Admin' });
      await _auth.logout();
      expect(_auth.isLogged()).toBe(false);
      expect(_auth.snapshot().status).toBe('logged_out');
      await settle();
      expect(timers()).toEqual([]);
    });

    // Tests mock fetch: a mock that rejects with a string or a value with no string form, or
    // resolves with a plain object, gets a typed error, and the client keeps working once fetch
    // is real again.
    test('a mocked fetch gets typed errors and breaks nothing', async () => {
      const real = globalThis.fetch;
      const mocks = [
        () => Promise.reject('offline'),
        () => Promise.reject(Object.create(null)),
        () => Promise.resolve({ ok: true, status: 200, json: async () => ({}) }),
      ];
      try {
        for (const mock of mocks) {
          globalThis.fetch = mock;
          const error = await _auth.login({ username: 'admin', password: 'secret' }).then(
            () => null,
            (e) => e,
          );
          expect(pkg.isAuthError(error)).toBe(true);
          expect(error.code).toBe('network');
          expect(_auth.isLogged()).toBe(false);
        }
      } finally {
        globalThis.fetch = real;
      }
      await _auth.login({ username: 'admin', password: 'secret' });
      expect(_auth.isLogged()).toBe(true);
      await _auth.logout();
      await settle();
      expect(timers()).toEqual([]);
    });
  } else {
    test('without fetch, login rejects with AuthError code network', async () => {
      expect(dom).toBe(true);
      _auth.config({ prefix: `${server}/services/` });
      const error = await _auth.login({ username: 'admin', password: 'secret' }).then(
        () => null,
        (e) => e,
      );
      expect(error).not.toBeNull();
      expect(pkg.isAuthError(error)).toBe(true);
      expect(error.code).toBe('network');
      expect(_auth.isLogged()).toBe(false);
      expect(_auth.snapshot().status).toBe('logged_out');
      await settle();
      expect(timers()).toEqual([]);
    });
  }
};
