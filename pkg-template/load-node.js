// The loader for Node, server renders and test runners: the wasm read synchronously from the
// package's own file, so the client is ready at import. (index.cjs, this file bundled as
// CommonJS, gets `import.meta.url` from its own __filename: see scripts/build-pkg.)
import { existsSync, readFileSync } from 'node:fs';
import { initSync } from './wasm_auth_client.js';

/** Loads at once; returns nothing (ready). */
export function load() {
  initSync({ module: readFileSync(wasmFile()) });
}

/** The wasm next to this file, else the installed package's: when a server bundle moved this
 * file without the wasm (a Vite SSR build with `ssr.noExternal`) or made this URL a browser's
 * (Next.js with Turbopack, Vitest's jsdom environment on a linked package). */
function wasmFile() {
  const here = new URL('./wasm_auth_client_bg.wasm', import.meta.url);
  if (here.protocol === 'file:' && existsSync(here)) return here;
  // createRequire through getBuiltinModule, which bundlers do not follow: they would try to
  // bundle the wasm as a module.
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(import.meta.url).resolve('wasm-auth-client/wasm_auth_client_bg.wasm');
}
