// The package's pending timers, for the Jest and Vitest suites: each Node timer whose creation
// stack passes through the package (a DOM environment's setTimeout is Node's underneath) and that
// has neither fired nor been cleared. Request timeouts (AbortSignal.timeout, however the
// environment implements it) are left out: Node unrefs them, and a DOM environment clears its own
// when it closes. Tracking starts when this module is first evaluated (once per test file: both
// runners give each file its own module registry).
'use strict';
const { createHook } = require('node:async_hooks');

const created = new Map();
createHook({
  init(id, type, _trigger, timer) {
    if (type !== 'Timeout') return;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    const stack = new Error().stack;
    Error.stackTraceLimit = limit;
    if (stack.includes('wasm-auth-client') && !/AbortSignal/.test(stack)) created.set(id, { timer, stack });
  },
  destroy(id) {
    created.delete(id);
  },
}).enable();

/** The pending ones, each as its delay, whether it is ref'd and its creation stack. */
exports.timers = () =>
  [...created.values()]
    .filter(({ timer }) => !timer._destroyed)
    .map(({ timer, stack }) => `${timer._idleTimeout} ms, ref ${timer.hasRef()}: ${stack}`);

/** The client announces {type: 'ready'} on a zero-delay timer as it starts; past that, nothing
 * may be pending (a timer left would keep the process or the runner's worker alive). */
exports.settle = () => new Promise((resolve) => setTimeout(resolve, 20));
