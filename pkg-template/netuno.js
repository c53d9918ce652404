// wasm-auth-client/netuno: the drop-in for `@netuno/auth-client`, next to the app's own
// `@netuno/service-client`: an app switches by changing `import _auth from '@netuno/auth-client'`
// to this line. The client takes its prefix from `_service.config()` while the app sets none,
// and sets (and on logout empties) `_service`'s Authorization header, as the original does.
//
// The wasm is awaited here (a top-level await) so that `_auth.isLogged()` is right from the
// app's first render, as it is with the original. Bundlers that reject top-level await (Vite 5
// and 6 with their default target) can use the main entry and `await _auth.ready()`. A wasm
// that cannot load does not fail this import: the app is told as by the main entry (status
// 'failed'; every call rejects and calls its `fail`), and `_auth.ready({ retry: true })` loads again.
import _service from '@netuno/service-client';
import api, { whenLoaded } from './index.js';

whenLoaded((client) => client.useServiceClient(_service));
await api.ready().catch(() => {});

/** `_auth(args)` logs in, as `@netuno/auth-client`'s default export does. */
const _auth = (args) => api.login(args);
Object.defineProperties(_auth, Object.getOwnPropertyDescriptors(api)); // `client` stays a getter
export default _auth;
