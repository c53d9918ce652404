/** @jest-environment node */
// CommonJS test file: require('wasm-auth-client') resolves the package's "require" entry.
require('./suite.cjs').suite({ dom: false, load: () => require('wasm-auth-client') });
