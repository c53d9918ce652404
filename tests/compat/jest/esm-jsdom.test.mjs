/** @jest-environment jsdom */
// ESM test file under jsdom (node --experimental-vm-modules): import('wasm-auth-client') with
// the "browser" condition, so "#load" is the browser loader.
import suite from './suite.cjs';

suite.suite({ dom: true, load: () => import('wasm-auth-client') });
