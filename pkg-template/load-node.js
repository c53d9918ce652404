// The loader for Node, server renders and test runners: the wasm instantiated synchronously
// from bytes the package carries (wasm_bytes.js), so that a server bundler that moves the
// package (Next.js, a Vite SSR build) cannot separate it from its wasm.
import { initSync } from './wasm_auth_client.js';
import bytes from './wasm_bytes.js';

/** Loads at once; returns nothing (ready). */
export function load() {
  initSync({ module: bytes() });
}
