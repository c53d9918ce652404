// The in-page half of scripts/bench-fetch: GETs of /services/echo through authFetch, service and
// plain fetch (hand-set Authorization header), interleaved so that drift hits the three alike.
// Served by auth-test-server next to a copy of a built package (target/bench-site/LABEL/); the
// driver (run.mjs) runs the workloads in chunks, interleaved with the other build's page.
import _auth from './pkg/index.js';

await _auth.ready();
// From the page parsing the module tag to the package ready (fetch, compile, instantiate, the
// default client's restore).
const loadMs = performance.now() - window.loadStart;
// The SDK's wasm memory, from the instance index.html saw the glue create (found by type: the
// package build minifies the export names).
if (window.wasmInstances.length !== 1) {
  throw new Error(`expected one wasm instance, the page has ${window.wasmInstances.length}`);
}
const memory = Object.values(window.wasmInstances[0].exports).find((v) => v instanceof WebAssembly.Memory);
if (!memory) throw new Error('the wasm instance exports no memory');

const METHODS = ['authFetch', 'service', 'fetch'];
const echoUrl = new URL('/services/echo', location.href).href;

function check(json, method) {
  if (!json || json.method !== 'GET' || json.authorization !== true) {
    throw new Error(`${method}: unexpected echo ${JSON.stringify(json)}`);
  }
}

async function json(response, method) {
  if (response.status !== 200) throw new Error(`${method}: status ${response.status}`);
  return response.json();
}

/** One GET of /services/echo through `method`; throws on anything but a 200 echo with a token. */
const call = {
  async authFetch() {
    check(await json(await _auth.authFetch(echoUrl), 'authFetch'), 'authFetch');
  },
  async service() {
    const result = await _auth.service({ url: 'echo' });
    if (result.status !== 200) throw new Error(`service: status ${result.status}`);
    check(result.json, 'service');
  },
  async fetch() {
    const response = await fetch(echoUrl, {
      headers: { Authorization: 'Bearer ' + _auth.accessToken() },
    });
    check(await json(response, 'fetch'), 'fetch');
  },
};

/** METHODS rotated by `i`, so that no method always goes first. */
const rotation = (i) => METHODS.map((_, k) => METHODS[(i + k) % METHODS.length]);

/**
 * `n` sequential requests per method, round-robin per request. Each request is timed alone;
 * the driver takes the median over groups of `group` requests of a method (their mean), because
 * performance.now() is coarsened to 100 µs in a page that is not cross-origin isolated.
 * Returns per method the total ms, the group means and the phase sums.
 */
async function sequential(n, group) {
  const total = Object.fromEntries(METHODS.map((m) => [m, 0]));
  // Where each request's time goes, from its Resource Timing entry: call to fetch start (the
  // wrapper's work before the request leaves), fetch start to response end, then to resolve.
  const phases = Object.fromEntries(METHODS.map((m) => [m, { before: 0, network: 0, after: 0 }]));
  performance.setResourceTimingBufferSize(100000);
  const groups = Object.fromEntries(METHODS.map((m) => [m, []]));
  const acc = Object.fromEntries(METHODS.map((m) => [m, 0]));
  for (let i = 0; i < n; i++) {
    for (const m of rotation(i)) {
      const t0 = performance.now();
      await call[m]();
      const t1 = performance.now();
      const dt = t1 - t0;
      total[m] += dt;
      acc[m] += dt;
      const entry = performance.getEntriesByName(echoUrl).pop();
      phases[m].before += entry.startTime - t0;
      phases[m].network += entry.responseEnd - entry.startTime;
      phases[m].after += t1 - entry.responseEnd;
      performance.clearResourceTimings();
    }
    if ((i + 1) % group === 0) {
      for (const m of METHODS) { groups[m].push(acc[m] / group); acc[m] = 0; }
    }
  }
  return Object.fromEntries(METHODS.map((m) => [m, {
    requests: n, totalMs: total[m], samples: groups[m], phasesMs: phases[m],
  }]));
}

/**
 * `n` requests per method in batches of `batch` started together, batches round-robin. Returns
 * per method the total ms and each batch's mean.
 */
async function concurrent(n, batch) {
  const total = Object.fromEntries(METHODS.map((m) => [m, 0]));
  const perBatch = Object.fromEntries(METHODS.map((m) => [m, []]));
  const rounds = Math.ceil(n / batch);
  for (let r = 0; r < rounds; r++) {
    const size = Math.min(batch, n - r * batch);
    for (const m of rotation(r)) {
      const t0 = performance.now();
      await Promise.all(Array.from({ length: size }, () => call[m]()));
      const dt = performance.now() - t0;
      total[m] += dt;
      perBatch[m].push(dt / size);
    }
  }
  return Object.fromEntries(METHODS.map((m) => [m, {
    requests: n, totalMs: total[m], samples: perBatch[m],
  }]));
}

const status = (text) => { document.getElementById('status').textContent = text; };

async function logIn() {
  _auth.config({ prefix: new URL('/services/', location.href).href });
  if (!_auth.isLogged()) await _auth.login({ username: 'admin', password: 'secret' });
}

window.bench = {
  loadMs,
  /** The wasm memory's size in bytes (it grows in 64 KiB pages and never shrinks). */
  memoryBytes: () => memory.buffer.byteLength,

  /** Logs in and warms up: `warmup` sequential requests per method, then a few batches. */
  async warmUp({ warmup = 200, batch = 50 } = {}) {
    await logIn();
    status('warming up');
    await sequential(warmup, warmup);
    await concurrent(Math.min(warmup, batch * 4), batch);
    status('warmed up');
  },

  /** One chunk of a workload: `sequential(n, group)` or `concurrent(n, batch)`. */
  async chunk(workload, n, size) {
    status(`${workload}: ${n} per method`);
    return workload === 'sequential' ? sequential(n, size) : concurrent(n, size);
  },

  /** `n` sequential calls of one method alone (for a CPU profile); returns the elapsed ms. */
  async loop(method, n) {
    await logIn();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await call[method]();
    return performance.now() - t0;
  },
};
status('ready');
