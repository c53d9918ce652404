// wasm-auth-client/service-client: the drop-in for `@netuno/service-client` on the default
// client: the same call (`{url, method, data, headers, blob, success, fail}`), the same result
// shape, `_service.config({prefix, headers, credentials, method, success, fail})` and the
// helpers `url`, `urlWithEncodedParameters`, `encodedParameters` and `randomString`. Its prefix
// is the client's own, and the token goes only to allowed origins. Credentials default to
// 'include', as there. The work is the wasm's; this file only wires it.
import api from './index.js';

await api.ready();
api.client.serviceConfig({ credentials: 'include' });

/** Calls the API; resolves with `{ok, status, contentType, isJSON, headers, response, json |
 * text | blob}`. */
export default function _service(args) {
  return api.client.service(args);
}
_service.config = (settings) => api.client.serviceConfig(settings);
_service.url = (settings, url) => api.client.serviceUrl(settings, url);
_service.urlWithEncodedParameters = (url, data) => api.AuthClient.urlWithEncodedParameters(url, data);
_service.encodedParameters = (data) => api.AuthClient.encodedParameters(data);
_service.randomString = (length) => api.AuthClient.randomString(length);
