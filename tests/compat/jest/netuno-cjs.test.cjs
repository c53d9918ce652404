/** @jest-environment node */
// The Netuno drop-ins through require(), as a Create React App project's Jest (CommonJS) loads
// them: wasm-auth-client/netuno next to the app's @netuno/service-client, and
// wasm-auth-client/service-client. A login, a call with the token through each service client,
// and a logout, against the test server ($AUTH_SERVER_URL).
'use strict';
const server = process.env.AUTH_SERVER_URL;

test('the drop-ins load with require() and work', async () => {
  const _auth = require('wasm-auth-client/netuno');
  const _service = require('wasm-auth-client/service-client');
  const netunoService = require('@netuno/service-client');
  expect(typeof _auth).toBe('function');
  expect(_auth.isLogged()).toBe(false);
  _auth.config({ prefix: `${server}/services/` });
  await _auth({ username: 'admin', password: 'secret' });
  expect(_auth.isLogged()).toBe(true);
  // The app's own service client got the token header, as with @netuno/auth-client.
  expect(netunoService.config().headers.Authorization).toMatch(/^Bearer ./);
  const profile = await _service({ url: 'profile' });
  expect(profile.status).toBe(200);
  expect(profile.json.name).toBe('Ada Admin');
  _auth.logout();
  expect(_auth.isLogged()).toBe(false);
  expect(netunoService.config().headers.Authorization).toBe('');
});
