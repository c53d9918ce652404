// The loader for browsers (and test DOMs that resolve the browser condition): the wasm fetched
// and compiled as it streams. Under Node (Jest's jsdom environment imports this file), where
// the URL is a file, it is read from disk synchronously instead.
import init, { initSync } from './wasm_auth_client.js';

let url = new URL('./wasm_auth_client_bg.wasm', import.meta.url);
// The dev servers of Vite 5 to 7 pre-bundle this module into node_modules/.vite/deps/ and keep
// the relative URL, where no wasm is (they answer index.html): point back into the package.
if (url.pathname.includes('/.vite/deps/')) url = new URL('../../wasm-auth-client/wasm_auth_client_bg.wasm', url);

/** Starts loading: a Promise, or nothing when the wasm is ready already. */
export function load() {
  const fs = url.protocol === 'file:' && globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) return init({ module_or_path: url });
  initSync({ module: fs.readFileSync(url) });
}
