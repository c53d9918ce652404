// Prepended to wasm-bindgen's glue by scripts/build-pkg: Jest's jsdom environment hides Node's
// TextEncoder and TextDecoder, which the glue creates as it loads.
if (typeof TextDecoder === 'undefined' && globalThis.process?.getBuiltinModule) {
  const { TextDecoder, TextEncoder } = globalThis.process.getBuiltinModule('node:util');
  Object.assign(globalThis, { TextDecoder, TextEncoder });
}
