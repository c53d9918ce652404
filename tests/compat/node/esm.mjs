// Plain Node, ESM: `import _auth from 'wasm-auth-client'` as a project's script would, then a
// login, the profile service and a logout against the test server ($AUTH_SERVER_URL). The process
// must then end by itself: the runner fails it if any timer or handle keeps it alive.
import assert from 'node:assert/strict';
import _auth, { isAuthError } from 'wasm-auth-client';

const server = process.env.AUTH_SERVER_URL;
assert.ok(server, 'AUTH_SERVER_URL is not set');
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
// The client announces {type: 'ready'} on a zero-delay timer as it starts; past that, nothing may
// be pending (a timer left would keep the process, or a test worker, alive).
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

// A fresh process has no timer of its own: any is the package's.
const before = 0;
assert.equal(typeof isAuthError, 'function');
// Node loads the wasm synchronously: the client is ready at import.
assert.equal(_auth.snapshot().status, 'logged_out');
assert.equal(_auth.isLogged(), false);
await settle();
assert.equal(timers(), before, 'importing the package left a timer pending');

_auth.config({ prefix: `${server}/services/` });
await _auth.login({ username: 'admin', password: 'secret' });
assert.equal(_auth.isLogged(), true);
assert.equal(_auth.snapshot().status, 'logged_in');
const profile = await _auth.service({ url: 'profile' });
assert.equal(profile.json.name, 'Ada Admin');

await _auth.logout();
assert.equal(_auth.isLogged(), false);
assert.equal(_auth.snapshot().status, 'logged_out');
await settle();
assert.equal(timers(), before, 'a timer is left after logout');
console.log('node esm: import, login, profile (%s), logout ok', profile.json.name);
