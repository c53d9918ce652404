// The printed half of scripts/bench-fetch: the figures of one or more builds (e.g. `base` and
// `this`), each figure in one column per build, side by side.
import path from 'node:path';

export const TARGET = 1.02;
export const METHODS = ['fetch', 'authFetch', 'service'];
const LABEL = { fetch: 'plain fetch', authFetch: 'authFetch', service: 'service' };

const fmt = (n, digits = 1) => n.toFixed(digits);
const signed = (n) => `${n >= 0 ? '+' : ''}${fmt(n)}`;
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (r) => (r.totalMs / r.requests) * 1000;

/** Lays out rows of cells: the first `left` columns left-aligned, the others right-aligned. */
function layout(rows, left = 2) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i < left ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
    .join('  ').trimEnd()).join('\n');
}

/**
 * The overhead table: per workload and method, each figure for every build in `builds`
 * (`{label, results}`, results as merged by run.mjs), the builds next to each other.
 */
export function table(builds) {
  const metrics = [
    ['mean µs', (r) => fmt(mean(r))],
    ['median µs', (r) => fmt(r.median * 1000)],
    ['overhead µs', (r, base) => (r === base ? '-' : signed(mean(r) - mean(base)))],
    ['ratio', (r, base) => (r === base ? '1' : fmt(r.totalMs / base.totalMs, 3))],
    // Steadier than the ratio of totals on a busy machine, where a few stalls swell a total.
    ['of medians', (r, base) => (r === base ? '1' : fmt(r.median / base.median, 3))],
    [`≤ ${TARGET}`, (r, base) => (r === base ? '' : r.totalMs / base.totalMs <= TARGET ? 'yes' : 'NO')],
  ];
  const head = builds.length === 1
    ? [['workload', 'method', ...metrics.map(([name]) => name)]]
    : [['', '', ...metrics.flatMap(([name]) => builds.map((_, i) => (i === 0 ? name : '')))],
      ['workload', 'method', ...metrics.flatMap(() => builds.map((b) => b.label))]];
  const rows = [];
  for (const workload of ['sequential', 'concurrent']) {
    for (const m of METHODS) {
      rows.push([workload, LABEL[m], ...metrics.flatMap(([, cell]) => builds.map((b) => {
        const w = b.results[workload];
        return cell(w[m], w.fetch);
      }))]);
    }
  }
  return layout([...head, ...rows]);
}

/** The sequential overhead of each wrapper split by phase (from Resource Timing), in µs. */
export function phases(builds) {
  const lines = ['sequential overhead by phase, µs per request (wrapper minus plain fetch): ' +
    'before = call to fetch start, network = fetch start to response end, after = to resolve'];
  for (const { label, results } of builds) {
    const seq = results.sequential;
    const per = (m, k) => (seq[m].phasesMs[k] / seq[m].requests) * 1000;
    for (const m of METHODS.filter((x) => x !== 'fetch')) {
      const cells = ['before', 'network', 'after'].map((k) => `${k} ${signed(per(m, k) - per('fetch', k))}`);
      lines.push(`  ${builds.length > 1 ? `${label.padEnd(6)} ` : ''}${LABEL[m].padEnd(10)} ${cells.join(', ')}`);
    }
  }
  return lines.join('\n');
}

const bytes = (n) => n.toLocaleString('en-US');

/**
 * Memory over the run, per build: the wasm memory (it grows in 64 KiB pages and never shrinks)
 * after the warm-up and after each turn, and V8's JS heap after a full GC at both ends.
 */
export function memory(builds) {
  const lines = [];
  for (const { label, memory: mem } of builds) {
    const first = mem.samples[0];
    const last = mem.samples[mem.samples.length - 1];
    const growth = last.bytes - first.bytes;
    const grew = mem.samples.find((s) => s.bytes > first.bytes);
    const who = builds.length > 1 ? `${label}: ` : '';
    lines.push(`wasm memory, ${who}${bytes(first.bytes)} B after the warm-up, ${bytes(last.bytes)} B after ` +
      `${bytes(last.sdk)} requests through the SDK (authFetch, service; and ${bytes(last.plain)} plain fetch): ` +
      `growth ${bytes(growth)} B, ${growth === 0 ? 'flat (no page added)'
        : `NOT flat (${growth / 65536} pages added; the first by ${bytes(grew.sdk)} SDK requests)`}`);
    const heap = mem.heap.atEnd - mem.heap.afterWarmup;
    lines.push(`  JS heap (V8's, after a full GC), ${who}${bytes(mem.heap.afterWarmup)} B after the warm-up, ` +
      `${bytes(mem.heap.atEnd)} B at the end: ${heap >= 0 ? '+' : ''}${bytes(heap)} B, ` +
      `${fmt(heap / last.sdk)} B per SDK request (no verdict: compare the builds)`);
  }
  return lines.join('\n');
}

/** Per build: the first load and the median of the reloads (cached), ms. */
export function loads(builds) {
  return builds.map(({ label, loads: l }) => {
    const reloads = l.slice(1);
    return `package load${builds.length > 1 ? ` (${label})` : ''} (module tag to ready(): fetch, compile, ` +
      `instantiate, restore): first ${fmt(l[0])} ms, median of ${reloads.length} reloads ${fmt(median(reloads))} ms`;
  }).join('\n');
}

/** Where a profile node's self time goes: idle, the browser's native work, or a script. */
function category(f) {
  if (f.functionName === '(idle)') return 'idle';
  if (f.functionName === '(program)') return 'native (program)';
  if (f.functionName === '(garbage collector)') return 'GC';
  if (!f.url) return 'builtins (fetch, Request, json…)';
  if (f.url.endsWith('.wasm')) return 'wasm';
  if (f.url.includes('/pkg/')) return 'pkg JS glue';
  return 'bench page JS';
}

/** Self time per category and per function, in µs per call, from a CDP CPU profile. */
export function profileSummary(profile, calls, top = 10) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const cats = new Map();
  const fns = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const cat = category(f);
    cats.set(cat, (cats.get(cat) ?? 0) + dt);
    if (cat === 'idle') continue;
    const file = f.url ? path.basename(new URL(f.url, 'http://x/').pathname) : '';
    const name = (f.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
    const key = file ? `${name} (${file}${f.url.endsWith('.js') ? `:${f.lineNumber + 1}` : ''})` : name;
    fns.set(key, (fns.get(key) ?? 0) + dt);
  }
  const per = (us) => fmt(us / calls).padStart(7);
  const busy = [...cats].filter(([c]) => c !== 'idle').reduce((a, [, us]) => a + us, 0);
  const lines = [`    ${per(busy)} µs/call busy on the renderer main thread: ` +
    [...cats].sort((a, b) => b[1] - a[1]).filter(([c]) => c !== 'idle')
      .map(([c, us]) => `${c} ${fmt(us / calls)}`).join(', ')];
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`    ${per(us)}  ${k.length > 90 ? `${k.slice(0, 87)}...` : k}`);
  }
  return lines.join('\n');
}

export { median, LABEL };
