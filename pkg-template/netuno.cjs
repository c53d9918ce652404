// wasm-auth-client/netuno for require(): netuno.js over index.cjs, for Jest in CommonJS (as a
// Create React App project runs its tests) and other CommonJS code. The wasm is instantiated at
// require, from bytes the package carries, so no top-level await is needed.
'use strict';
const api = require('./index.cjs');
const service = require('@netuno/service-client');

api.client.useServiceClient(service.default ?? service);

/** `_auth(args)` logs in, as `@netuno/auth-client`'s default export does. */
const _auth = (args) => api.login(args);
Object.assign(_auth, api.default);
module.exports = _auth;
module.exports.default = _auth;
