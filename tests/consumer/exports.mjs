// Lists a wasm's exports (WebAssembly.Module.exports) and fails when one is wasm-auth-client's
// facade (the `js` feature's): its class (`authclient_*`, `__wbg_authclient_free`),
// `createAuthClient` or `isAuthError`. Also fails when `expected` (the app's own) is missing, so a
// check that read nothing cannot pass. Usage: node exports.mjs FILE.wasm EXPECTED_EXPORT
import { readFileSync } from 'node:fs';

const [file, expected] = process.argv.slice(2);
const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file))).map((e) => e.name);
const ours = names.filter((name) => /authclient|createAuthClient|isAuthError/i.test(name));
console.log(`${file}: ${names.length} exports: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', ...' : ''}`);
if (ours.length > 0) {
  console.error(`exports of wasm-auth-client's facade: ${ours.join(', ')}`);
  process.exit(1);
}
if (!names.includes(expected)) {
  console.error(`the app's own export ${expected} is missing: the exports were not read`);
  process.exit(1);
}
