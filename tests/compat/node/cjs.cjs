// Plain Node, CommonJS: `require('wasm-auth-client')` (the package's "require" entry, index.cjs),
// then a login, the profile service and a logout against the test server ($AUTH_SERVER_URL). The
// process must then end by itself: the runner fails it if any timer or handle keeps it alive.
'use strict';
const assert = require('node:assert/strict');

const server = process.env.AUTH_SERVER_URL;
assert.ok(server, 'AUTH_SERVER_URL is not set');
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
// The client announces {type: 'ready'} on a zero-delay timer as it starts; past that, nothing may
// be pending (a timer left would keep the process, or a test worker, alive).
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const before = timers();
const pkg = require('wasm-auth-client');
// The CJS entry: the default client is `.default`, the functions are named exports too.
const _auth = pkg.default;
assert.equal(typeof _auth.login, 'function', 'require(...).default is not the client');
assert.equal(typeof pkg.login, 'function', 'require(...).login is missing');
assert.equal(typeof pkg.isAuthError, 'function');
assert.equal(_auth.snapshot().status, 'logged_out');
assert.equal(pkg.isLogged(), false);

(async () => {
  await settle();
  assert.equal(timers(), before, 'requiring the package left a timer pending');
  _auth.config({ prefix: `${server}/services/` });
  await _auth.login({ username: 'admin', password: 'secret' });
  assert.equal(pkg.isLogged(), true);
  assert.equal(_auth.snapshot().status, 'logged_in');
  const profile = await _auth.service({ url: 'profile' });
  assert.equal(profile.json.name, 'Ada Admin');

  await _auth.logout();
  assert.equal(_auth.isLogged(), false);
  assert.equal(_auth.snapshot().status, 'logged_out');
  await settle();
  assert.equal(timers(), before, 'a timer is left after logout');
  console.log('node cjs: require, login, profile (%s), logout ok', profile.json.name);
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
