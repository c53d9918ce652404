/** @jest-environment jsdom */
// CommonJS test file under jsdom: require('wasm-auth-client') with the "browser" condition.
require('./suite.cjs').suite({ dom: true, load: () => require('wasm-auth-client') });
