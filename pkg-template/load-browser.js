// The loader for browsers (and test DOMs that resolve the browser condition): the wasm fetched
// and compiled as it streams. Under Node (Jest's jsdom environment imports this file), where
// the URL is a file, it is read from disk synchronously instead.
import init, { initSync } from './wasm_auth_client.js';

let url = new URL('./wasm_auth_client_bg.wasm', import.meta.url);
// The dev servers of Vite 5 to 7 pre-bundle this module into node_modules/.vite/deps/ and keep
// the relative URL, where no wasm is (they answer index.html). This second URL names the file by
// the package's name, which their asset transform resolves to wherever the package is installed:
// the app's node_modules, a workspace root's, pnpm's store.
if (url.pathname.includes('/.vite/deps/')) url = new URL('wasm-auth-client/wasm_auth_client_bg.wasm', import.meta.url);

/** Starts loading: a Promise that rejects with a `wasm_unavailable` AuthError, or nothing when
 * the wasm is ready already. */
export function load() {
  const fs = url.protocol === 'file:' && globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) return instantiate();
  initSync({ module: fs.readFileSync(url) });
}

async function instantiate() {
  const response = await fetch(url).catch((error) => {
    throw unavailable(`fetching ${url} failed (${error}).`);
  });
  const answered = `${url} answered HTTP ${response.status} (${response.headers.get('content-type')})`;
  if (!response.ok) throw unavailable(`${answered}. ${SERVE}`);
  // A wasm served with another type than application/wasm is compiled from its bytes instead
  // (wasm-bindgen's glue warns).
  await init({ module_or_path: response }).catch((error) => {
    throw unavailable(/Content.Security.Policy|\bCSP\b/i.test(error)
      ? "the page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to its script-src."
      : `${answered}, which is not this WebAssembly (${error}). ${SERVE}`);
  });
}

const SERVE = "Serve the package's wasm_auth_client_bg.wasm there, as application/wasm.";
const unavailable = (reason) =>
  Object.assign(new Error(`wasm-auth-client could not load its WebAssembly: ${reason}`), { name: 'AuthError', code: 'wasm_unavailable' });
