// The Node half of scripts/bench-fetch: opens the bench page (tests/bench/index.html, served by
// auth-test-server) in headless Chromium and prints the figures.
// Usage: node run.mjs URL [--requests N] [--batch N] [--profile]
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TARGET = 1.05;
const LOADS = 11; // page loads timed before the run: the first, then reloads (cached)
const METHODS = ['fetch', 'authFetch', 'service'];
const LABEL = { fetch: 'plain fetch', authFetch: 'authFetch', service: 'service' };

function parseArgs(argv) {
  const opts = { url: null, requests: 2000, batch: 50, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const int = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive integer`);
      return n;
    };
    if (a === '--requests') opts.requests = int();
    else if (a === '--batch') opts.batch = int();
    else if (a === '--profile') opts.profile = true;
    else if (!a.startsWith('-') && !opts.url) opts.url = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.url) throw new Error('usage: node run.mjs URL [--requests N] [--batch N] [--profile]');
  return opts;
}

const fmt = (n, digits = 1) => n.toFixed(digits);
const pad = (s, w) => String(s).padStart(w);

function table(results, requests) {
  const rows = [];
  const head = ['workload', 'method', 'total ms', 'mean µs', 'median µs', 'overhead µs', 'ratio', `≤ ${TARGET}`];
  const widths = [10, 11, 9, 8, 9, 11, 6, 6];
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : pad(c, widths[i]))).join('  ');
  rows.push(line(head));
  for (const workload of ['sequential', 'concurrent']) {
    const base = results[workload].fetch;
    const baseMean = (base.totalMs / base.requests) * 1000;
    for (const m of METHODS) {
      const r = results[workload][m];
      const mean = (r.totalMs / r.requests) * 1000;
      const ratio = r.totalMs / base.totalMs;
      const isBase = m === 'fetch';
      rows.push(line([
        workload, LABEL[m], fmt(r.totalMs), fmt(mean), r.medianMs == null ? '-' : fmt(r.medianMs * 1000),
        isBase ? '-' : (mean - baseMean >= 0 ? '+' : '') + fmt(mean - baseMean),
        isBase ? '1' : fmt(ratio, 3), isBase ? '' : (ratio <= TARGET ? 'yes' : 'NO'),
      ]));
    }
  }
  return rows.join('\n');
}

/** The sequential overhead of each wrapper split by phase (from Resource Timing), in µs. */
function phases(results) {
  const seq = results.sequential;
  const per = (m, k) => (seq[m].phasesMs[k] / seq[m].requests) * 1000;
  const lines = ['sequential overhead by phase, µs per request (wrapper minus plain fetch): ' +
    'before = call to fetch start, network = fetch start to response end, after = to resolve'];
  for (const m of METHODS.filter((x) => x !== 'fetch')) {
    const cells = ['before', 'network', 'after'].map((k) => {
      const d = per(m, k) - per('fetch', k);
      return `${k} ${d >= 0 ? '+' : ''}${fmt(d)}`;
    });
    lines.push(`  ${LABEL[m].padEnd(10)} ${cells.join(', ')}`);
  }
  return lines.join('\n');
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
function profileSummary(profile, calls, top = 10) {
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
  const per = (us) => pad(fmt(us / calls), 7);
  const busy = [...cats].filter(([c]) => c !== 'idle').reduce((a, [, us]) => a + us, 0);
  const lines = [`    ${per(busy)} µs/call busy on the renderer main thread: ` +
    [...cats].sort((a, b) => b[1] - a[1]).filter(([c]) => c !== 'idle')
      .map(([c, us]) => `${c} ${fmt(us / calls)}`).join(', ')];
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`    ${per(us)}  ${k.length > 90 ? `${k.slice(0, 87)}...` : k}`);
  }
  return lines.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const bin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  if (!existsSync(bin)) throw new Error(`Chromium not found at ${bin} (apt-get install chromium, or set CHROMIUM_BIN)`);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'auth-bench-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: bin, headless: true, args: CHROMIUM_ARGS, timeout: 60000,
    });
    const page = context.pages()[0] ?? await context.newPage();
    const problems = [];
    let failed;
    const pageFailed = new Promise((_, reject) => { failed = reject; });
    pageFailed.catch(() => {});
    page.on('pageerror', (e) => { problems.push(String(e && e.stack || e)); failed(e); });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    const loads = [];
    for (let i = 0; i < LOADS; i++) {
      await page.goto(`${opts.url}/index.html`);
      try {
        // A page error (e.g. the wasm failing to instantiate) fails at once, not after 30 s.
        await Promise.race([page.waitForFunction(() => window.bench, null, { timeout: 30000 }), pageFailed]);
      } catch (error) {
        throw new Error(`the bench page did not load: ${error.message}` +
          (problems.length ? `\npage errors:\n${problems.join('\n')}` : ''));
      }
      loads.push(await page.evaluate(() => window.bench.loadMs));
    }

    const version = context.browser()?.version() ?? '?';
    console.log(`GET /services/echo, ${opts.requests} sequential + ${opts.requests} concurrent ` +
      `(batches of ${opts.batch}) per method, interleaved; Chromium ${version}, ${cpus().length} CPUs`);
    const reloads = loads.slice(1).sort((a, b) => a - b);
    console.log(`package load (module tag to ready: fetch, compile, instantiate): first ` +
      `${fmt(loads[0])} ms, median of ${reloads.length} reloads ${fmt(reloads[reloads.length >> 1])} ms`);
    const results = await page.evaluate((o) => window.bench.run(o),
      { requests: opts.requests, batch: opts.batch });
    if (problems.length) throw new Error(`page errors:\n${problems.join('\n')}`);
    console.log(table(results, opts.requests));
    console.log(phases(results));
    const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
    console.log(`wasm memory: ${kib(results.memory.afterWarmup)} after warm-up, ` +
      `${kib(results.memory.atEnd)} after the ${6 * opts.requests} measured requests`);
    console.log(`target: ratio <= ${TARGET} (method time / plain fetch time); medians: sequential over ` +
      'groups of 20 requests, concurrent over batches (performance.now() is coarsened to 100 µs)');

    if (opts.profile) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
      for (const m of ['service', 'authFetch', 'fetch']) {
        await cdp.send('Profiler.start');
        const ms = await page.evaluate(([mm, n]) => window.bench.loop(mm, n), [m, opts.requests]);
        const { profile } = await cdp.send('Profiler.stop');
        console.log(`profile: ${LABEL[m]} alone, ${opts.requests} sequential calls, ` +
          `${fmt((ms * 1000) / opts.requests)} µs/call; self time, µs/call:`);
        console.log(profileSummary(profile, opts.requests));
      }
      if (problems.length) throw new Error(`page errors:\n${problems.join('\n')}`);
    }
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  const text = String(error && error.message || error).split('\n');
  console.error(`bench-fetch: ${text.slice(0, 6).join('\n')}${text.length > 6 ? '\n  ...' : ''}`);
  process.exit(1);
});
