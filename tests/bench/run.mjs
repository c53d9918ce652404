// The Node half of scripts/bench-fetch: opens the bench page of each build (LABEL=DIR: the page
// at URL/DIR/index.html, served by auth-test-server) in headless Chromium, each build in its own
// browser context (its own storage, tabs and renderer), runs the workloads in chunks that take
// turns between the builds, and prints each figure for every build side by side.
// Usage: node run.mjs URL LABEL=DIR... [--requests N] [--batch N] [--chunk N] [--profile]
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { LABEL, METHODS, TARGET, loads, median, memory, phases, profileSummary, table } from './report.mjs';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const LOADS = 11; // page loads timed before the run: the first, then reloads (cached)
const GROUP = 20; // sequential requests per timed group (the median is over groups)
const WORKLOADS = ['sequential', 'concurrent'];

function parseArgs(argv) {
  const opts = { url: null, builds: [], requests: 3000, batch: 50, chunk: 200, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const int = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive integer`);
      return n;
    };
    const build = /^([A-Za-z0-9_.-]+)=([A-Za-z0-9_.-]+)$/.exec(a);
    if (a === '--requests') opts.requests = int();
    else if (a === '--batch') opts.batch = int();
    else if (a === '--chunk') opts.chunk = int();
    else if (a === '--profile') opts.profile = true;
    else if (build && opts.url) opts.builds.push({ label: build[1], dir: build[2] });
    else if (!a.startsWith('-') && !opts.url) opts.url = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.url || !opts.builds.length) {
    throw new Error('usage: node run.mjs URL LABEL=DIR... [--requests N] [--batch N] [--chunk N] [--profile]');
  }
  return opts;
}

/** `n` split into chunks of `size` (rounded up to a multiple of `unit`), the last one smaller. */
function chunks(n, size, unit) {
  const step = Math.ceil(size / unit) * unit;
  return Array.from({ length: Math.ceil(n / step) }, (_, k) => Math.min(step, n - k * step));
}

/** Opens `build`'s page in a fresh context; its page errors fail the run at once. */
async function open(browser, url, build) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  let failed;
  const pageFailed = new Promise((_, reject) => { failed = reject; });
  pageFailed.catch(() => {});
  page.on('pageerror', (e) => { problems.push(String(e && e.stack || e)); failed(e); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const cdp = await context.newCDPSession(page);
  const check = () => {
    if (problems.length) throw new Error(`${build.label}: page errors:\n${problems.join('\n')}`);
  };
  /** Loads the page; resolves to its load time (module tag to ready), ms. */
  const load = async () => {
    await page.goto(`${url}/${build.dir}/index.html`);
    try {
      // A page error (e.g. the wasm failing to instantiate) fails at once, not after 30 s.
      await Promise.race([page.waitForFunction(() => window.bench, null, { timeout: 30000 }), pageFailed]);
    } catch (error) {
      throw new Error(`${build.label}: the bench page did not load: ${error.message}` +
        (problems.length ? `\npage errors:\n${problems.join('\n')}` : ''));
    }
    return page.evaluate(() => window.bench.loadMs);
  };
  /** The JS heap's used bytes after a full garbage collection. */
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  return { ...build, context, page, cdp, check, load, heap, loads: [] };
}

/** Adds one chunk's figures (`part`, per method) to `into` (per method). */
function merge(into, part) {
  for (const m of METHODS) {
    const a = into[m] ??= { requests: 0, totalMs: 0, samples: [], phasesMs: { before: 0, network: 0, after: 0 } };
    const b = part[m];
    a.requests += b.requests;
    a.totalMs += b.totalMs;
    a.samples.push(...b.samples);
    for (const k of Object.keys(b.phasesMs ?? {})) a.phasesMs[k] += b.phasesMs[k];
  }
}

/** Warms each build's page up (login included) and takes its memory figures at that point. */
async function warmUp(builds, opts) {
  for (const b of builds) {
    if (await b.page.evaluate(() => document.visibilityState) !== 'visible') {
      console.log(`note: ${b.label}'s page is not visible: its timers may be throttled`);
    }
    await b.page.evaluate((o) => window.bench.warmUp(o), { batch: opts.batch });
    b.results = Object.fromEntries(WORKLOADS.map((w) => [w, {}]));
    b.memory = { samples: [{ sdk: 0, plain: 0, bytes: await b.page.evaluate(() => window.bench.memoryBytes()) }],
      heap: { afterWarmup: await b.heap() } };
    b.check();
  }
}

/** Both workloads in chunks, the builds taking turns (`turns(k)`); the wasm memory after each. */
async function measure(builds, turns, opts) {
  let perMethod = 0; // requests per method so far, both workloads
  for (const workload of WORKLOADS) {
    const size = workload === 'sequential' ? GROUP : opts.batch;
    for (const [k, n] of chunks(opts.requests, opts.chunk, size).entries()) {
      for (const b of turns(k)) {
        merge(b.results[workload], await b.page.evaluate((a) => window.bench.chunk(...a), [workload, n, size]));
        b.check();
        const bytes = await b.page.evaluate(() => window.bench.memoryBytes());
        b.memory.samples.push({ sdk: 2 * (perMethod + n), plain: perMethod + n, bytes });
      }
      perMethod += n;
      process.stderr.write(`\r${workload}: ${perMethod % opts.requests || opts.requests}/${opts.requests} per method   `);
    }
  }
  process.stderr.write('\n');
  for (const b of builds) {
    b.memory.heap.atEnd = await b.heap();
    for (const w of WORKLOADS) for (const m of METHODS) b.results[w][m].median = median(b.results[w][m].samples);
  }
}

/** `--profile`: a CPU profile of `requests` sequential calls of each method alone, per build. */
async function profile(builds, requests) {
  for (const b of builds) {
    await b.cdp.send('Profiler.enable');
    await b.cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    for (const m of ['service', 'authFetch', 'fetch']) {
      await b.cdp.send('Profiler.start');
      const ms = await b.page.evaluate(([mm, n]) => window.bench.loop(mm, n), [m, requests]);
      const { profile: p } = await b.cdp.send('Profiler.stop');
      console.log(`profile${builds.length > 1 ? ` (${b.label})` : ''}: ${LABEL[m]} alone, ${requests} ` +
        `sequential calls, ${((ms * 1000) / requests).toFixed(1)} µs/call; self time, µs/call:`);
      console.log(profileSummary(p, requests));
    }
    b.check();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const bin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  if (!existsSync(bin)) throw new Error(`Chromium not found at ${bin} (apt-get install chromium, or set CHROMIUM_BIN)`);
  const browser = await chromium.launch({ executablePath: bin, headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
  try {
    const builds = [];
    for (const b of opts.builds) builds.push(await open(browser, opts.url, b));
    // The loads, and then every chunk, take turns between the builds, the first one rotated.
    const turns = (k) => builds.map((_, i) => builds[(i + k) % builds.length]);
    for (let i = 0; i < LOADS; i++) for (const b of turns(i)) b.loads.push(await b.load());
    await warmUp(builds, opts);
    console.log(`GET /services/echo, ${opts.requests} sequential + ${opts.requests} concurrent ` +
      `(batches of ${opts.batch}) per method, interleaved; Chromium ${browser.version()}, ${cpus().length} CPUs` +
      (builds.length > 1 ? `; builds ${builds.map((b) => b.label).join(' and ')} in turns of ${opts.chunk} ` +
        'requests per method, each in its own browser context' : ''));
    console.log(loads(builds));
    await measure(builds, turns, opts);
    console.log(table(builds));
    console.log(phases(builds));
    console.log(memory(builds));
    console.log(`target: ratio <= ${TARGET} (method time / plain fetch time, each build against its own plain ` +
      `fetch; "of medians": the same of the medians); medians: sequential over groups of ${GROUP} requests, ` +
      'concurrent over batches (performance.now() is coarsened to 100 µs)');
    if (opts.profile) await profile(builds, opts.requests);
  } finally {
    await browser.close().catch(() => {});
  }
}

main().catch((error) => {
  const text = String(error && error.message || error).split('\n');
  console.error(`bench-fetch: ${text.slice(0, 6).join('\n')}${text.length > 6 ? '\n  ...' : ''}`);
  process.exit(1);
});
