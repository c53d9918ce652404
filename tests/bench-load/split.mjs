// Where our cold load goes: the split rows of scripts/bench-load (`LABEL shipped, split`, the
// shipped row with SPLIT_HOOK in the page) and the table of their medians, builds side by side.
//
// The hook lives in the bench page only; the package is the one shipped. It replaces
// WebAssembly.instantiateStreaming, which the glue calls with the wasm's response, with what
// that call does in two steps, compileStreaming and then instantiate, and marks when each
// resolves; and it hands the glue the instance's exports wrapped so that the time spent in
// calls into the wasm (outermost calls only) is summed from the instantiation to ready. The
// row's own ready figure, next to the plain shipped row's, shows what the hook costs.
import { median } from './stats.mjs';

/** A classic script, run before the page's import(): fills `window.__split` (performance.now() values). */
export const SPLIT_HOOK = `
window.__split = { wasmMs: 0, wasmCalls: 0, longestCall: 0 };
{
  const { compileStreaming, instantiate, Instance } = WebAssembly;
  const split = window.__split;
  let depth = 0;
  const timed = (f) => function (...args) {
    if (depth++ > 0) { try { return f.apply(this, args); } finally { depth--; } }
    const t = performance.now();
    try { return f.apply(this, args); } finally {
      depth--;
      const dt = performance.now() - t;
      split.wasmMs += dt;
      split.wasmCalls++;
      if (dt > split.longestCall) {
        split.longestCall = dt;
        // Who made it: the caller's frame (the glue is minified; a method keeps its name).
        split.longestCaller = (new Error().stack.split('\\n')[2] ?? '').trim().replace(/^at /, '');
      }
    }
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    split.compileCalled = performance.now();
    const module = await compileStreaming.call(WebAssembly, source);
    split.compiled = performance.now();
    const instance = await instantiate.call(WebAssembly, module, imports);
    split.instantiated = performance.now();
    const exports = Object.fromEntries(Object.entries(instance.exports)
      .map(([name, value]) => [name, typeof value === 'function' ? timed(value) : value]));
    return { module, instance: Object.create(Instance.prototype, { exports: { value: exports } }) };
  };
}
`;

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(1) : '-');

/** One load's resource entry for the file ending with `suffix` (times since import()). */
const resource = (sample, suffix) => sample.resources.find((r) => r.file.endsWith(suffix));

/**
 * One of our split loads: `phases`, ms in the order they happen (per load they add up to its
 * ready time), and `overlapping`, figures that overlap them.
 */
function ourSplit(x) {
  const js = resource(x, '.js');
  const wasm = resource(x, '.wasm');
  const { compileCalled, compiled, instantiated, wasmMs, wasmCalls, longestCall } = x.split;
  const [called, done, inst] = [compileCalled, compiled, instantiated].map((t) => t - x.t0);
  return {
    phases: {
      'fetch the JS (import() to its last byte)': js.end,
      'evaluate the JS up to the wasm fetch()': wasm.start - js.end,
      'wasm fetch() to the compile call': called - wasm.start,
      'compile (streaming: as the body arrives)': done - called,
      instantiate: inst - done,
      'first restore: instance to ready()': x.ready - inst,
    },
    ready: x.ready,
    overlapping: {
      'fetch the wasm (request to last byte)': wasm.end - wasm.start,
      'compile after the last byte': done - Math.max(wasm.end, called),
      'import() resolved (since import())': x.evaluated,
      'in calls into the wasm, instance to ready': wasmMs,
      '  the longest call': longestCall,
      'calls into the wasm, instance to ready': wasmCalls,
    },
  };
}

/** The phases of a one-file row (a peer, the floor): fetch, evaluate, construct, ms. */
function jsPhases(x) {
  const js = resource(x, '.js');
  return { 'fetch the JS': js.end, evaluate: x.evaluated - js.end, 'construct to ready': x.ready - x.evaluated, ready: x.ready };
}

/** The caller of the longest call into the wasm in most of `loads`, and in how many. */
function longestCaller(loads) {
  const callers = new Map();
  for (const x of loads) {
    const at = (x.split.longestCaller ?? '?').replace(/\bhttps?:\/\/[^/]+\//, '');
    callers.set(at, (callers.get(at) ?? 0) + 1);
  }
  const [caller, n] = [...callers].sort((a, b) => b[1] - a[1])[0];
  return `${caller} in ${n} of ${loads.length} loads`;
}

/** The table of medians, each split row's build in one column; `others` (peer rows) in a line each. */
export function splitTable(rows, samples, others) {
  const split = rows.filter((r) => r.split && samples.get(r.id).every((x) => x.split?.instantiated));
  if (!split.length) return null;
  const columns = split.map((r) => ({ label: r.id.replace(/ shipped, split$/, ''), loads: samples.get(r.id).map(ourSplit) }));
  const med = (c, pick) => median(c.loads.map(pick));
  const first = columns[0].loads[0];
  const names = [...Object.keys(first.phases), ...Object.keys(first.overlapping)];
  const width = Math.max(...names.map((n) => n.length));
  const cells = (f) => columns.map((c) => f(c).padStart(Math.max(9, c.label.length))).join('  ');
  const line = (name, f) => `  ${name.padEnd(width)}  ${cells(f)}`;
  const out = [
    'where our cold load goes (the shipped rows, no hints, split in the page: see tests/bench-load/split.mjs); ' +
      `medians of ${columns[0].loads.length} loads, ms:`,
    line('', (c) => c.label),
    ...Object.keys(first.phases).map((k) => line(k, (c) => fmt(med(c, (x) => x.phases[k])))),
    line('ready (per load: the sum of the above)', (c) => fmt(med(c, (x) => x.ready))),
    line('(the medians above add up to)', (c) => fmt(Object.keys(first.phases)
      .reduce((a, k) => a + med(c, (x) => x.phases[k]), 0))),
    '  overlapping the phases above:',
    ...Object.keys(first.overlapping).map((k) => line(k, (c) => {
      const v = med(c, (x) => x.overlapping[k]);
      return k.startsWith('calls') ? String(Math.round(v)) : fmt(v);
    })),
  ];
  for (const r of split) {
    const plain = rows.find((x) => x.id === r.id.replace(/, split$/, ''));
    out.push(`  ${r.id}: the longest call into the wasm came from ${longestCaller(samples.get(r.id))}`);
    if (plain) {
      out.push(`  ${r.id}: ready ${fmt(median(samples.get(r.id).map((x) => x.ready)))} ms, ` +
        `${plain.id} (no hook) ${fmt(median(samples.get(plain.id).map((x) => x.ready)))} ms`);
    }
  }
  for (const r of others) {
    const p = samples.get(r.id).map(jsPhases);
    out.push(`  ${r.id}: ${Object.keys(p[0]).map((k) => `${k} ${fmt(median(p.map((x) => x[k])))}`).join(', ')}`);
  }
  return out.join('\n');
}
