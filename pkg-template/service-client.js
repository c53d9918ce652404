// wasm-auth-client/service-client: the drop-in for `@netuno/service-client` on the default
// client: the same call (`{url, method, data, headers, blob, success, fail}`), the same result
// shape, `_service.config({prefix, headers, credentials, method, success, fail})` and the
// helpers `url`, `urlWithEncodedParameters`, `encodedParameters` and `randomString`. Its prefix
// is the client's own, and the token goes only to allowed origins. Credentials default to
// 'include', as there. The work is the wasm's; this file only wires it.
//
// A wasm that cannot load does not fail this import: every call rejects and calls its `fail`,
// as the main entry's do, and settings given meanwhile are applied once a retry loads it.
import api, { whenLoaded } from './index.js';

whenLoaded((client) => client.serviceConfig({ credentials: 'include' }));
await api.ready().catch(() => {});

/** Calls the API; resolves with `{ok, status, contentType, isJSON, headers, response, json |
 * text | blob}`. */
export default function _service(args) {
  return api.service(args);
}
/** Sets `{prefix, headers, credentials, method, success, fail}` and returns them (while the wasm
 * is not in: nothing, and they are set once it is). */
_service.config = (settings) => whenLoaded((client) => client.serviceConfig(settings));
_service.url = (settings, url) => api.client.serviceUrl(settings, url);
_service.urlWithEncodedParameters = (url, data) => api.AuthClient.urlWithEncodedParameters(url, data);
_service.encodedParameters = (data) => api.AuthClient.encodedParameters(data);
_service.randomString = (length) => api.AuthClient.randomString(length);
