/** @jest-environment node */
// ESM test file (node --experimental-vm-modules): import('wasm-auth-client') resolves the
// package's ESM entry and its "#load" import.
import suite from './suite.cjs';

suite.suite({ dom: false, load: () => import('wasm-auth-client') });
