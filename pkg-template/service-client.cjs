// wasm-auth-client/service-client for require(): service-client.js over index.cjs, for Jest in
// CommonJS and other CommonJS code (the wasm is instantiated at require).
'use strict';
const api = require('./index.cjs');

api.client.serviceConfig({ credentials: 'include' });

/** Calls the API, as `@netuno/service-client`'s `_service` does. */
function _service(args) {
  return api.client.service(args);
}
_service.config = (settings) => api.client.serviceConfig(settings);
_service.url = (settings, url) => api.client.serviceUrl(settings, url);
_service.urlWithEncodedParameters = (url, data) => api.AuthClient.urlWithEncodedParameters(url, data);
_service.encodedParameters = (data) => api.AuthClient.encodedParameters(data);
_service.randomString = (length) => api.AuthClient.randomString(length);
module.exports = _service;
module.exports.default = _service;
