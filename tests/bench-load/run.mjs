// The browser half of scripts/bench-load: opens each row's page (staged by stage.mjs, served at
// URL) in a fresh Chromium context (empty HTTP cache, new renderer process), round-robin, and
// prints the median time from import() to ready per row, with its gzip sizes.
// Usage: node run.mjs URL SITE [--rounds N] [--warmup N] [--only SUBSTRING]... [--cpu] [--latency MS]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { TRACE_CATEGORIES, rendererCpu } from './cpu.mjs';
import { splitTable } from './split.mjs';
import { median, quantile } from './stats.mjs';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
// The issue's figures (import() to ready, their machine), printed for comparison.
const REFERENCE = 'oidc-client-ts 36 ms, supabase 39, auth0 49, msal 49, ours 61 (ratio 1.67); goal ratio <= 1.0';

function parseArgs(argv) {
  const opts = { url: null, site: null, rounds: 20, warmup: 1, only: [], cpu: false, latency: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const int = (min) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min) throw new Error(`${a} needs an integer >= ${min}`);
      return n;
    };
    if (a === '--rounds') opts.rounds = int(1);
    else if (a === '--warmup') opts.warmup = int(0);
    else if (a === '--only') opts.only.push(argv[++i] ?? '');
    else if (a === '--cpu') opts.cpu = true;
    else if (a === '--latency') opts.latency = int(0);
    else if (!a.startsWith('-') && !opts.url) opts.url = a;
    else if (!a.startsWith('-') && !opts.site) opts.site = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.url || !opts.site) {
    throw new Error('usage: node run.mjs URL SITE [--rounds N] [--warmup N] [--only S]... [--cpu] [--latency MS]');
  }
  return opts;
}

const fmt = (n, digits = 1) => n.toFixed(digits);

/**
 * One cold load of `row` in a fresh context: the page's own figures and what it requested;
 * with `cpu`, traced, and the renderer's CPU time as `cpu`; with `latency`, each request's
 * answer delayed by that many ms (DevTools network emulation, as a round trip would).
 */
async function loadOnce(browser, base, row, { cpu, latency }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (latency) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency, downloadThroughput: -1, uploadThroughput: -1,
      });
    }
    if (cpu) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const requests = [];
    const failures = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
    let done;
    const reported = new Promise((resolve) => { done = resolve; });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
      else if (m.type() === 'info' && m.text().startsWith('__bench ')) done(JSON.parse(m.text().slice(8)));
    });
    await page.goto(`${base}/${row.page}`, { waitUntil: 'commit' });
    let timer;
    const result = await Promise.race([reported, new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${row.id}: not ready after 30 s`)), 30000);
    })]).finally(() => clearTimeout(timer));
    const trace = cpu ? await browser.stopTracing() : null;
    if (result.error) throw new Error(`${row.id}: ${result.error}`);
    if (errors.length || failures.length) {
      throw new Error(`${row.id}: ${[...errors, ...failures].join('; ')}`);
    }
    const expected = new Set([row.page, ...row.files].map((f) => `${base}/${f}`));
    const stray = requests.filter((u) => !expected.has(u));
    if (stray.length) throw new Error(`${row.id} is not ready without network: it requested ${stray.join(', ')}`);
    const duplicates = requests.length - new Set(requests).size;
    const fetched = [...new Set(requests)].map((u) => u.slice(base.length + 1)).filter((f) => f in row.gzip);
    return { ...result, requests: requests.length, duplicates, fetched, cpu: trace && rendererCpu(trace.toString()) };
  } finally {
    await context.close();
  }
}

function table(rows, samples, cpu) {
  const stats = rows.map((row) => {
    const s = samples.get(row.id);
    const of = (key) => s.map((x) => x[key]);
    // The gzip sizes of what the browser fetched (a staged file nothing requests is not counted).
    const gz = Object.entries(row.gzip).filter(([f]) => s.some((x) => x.fetched.includes(f)));
    const sum = (wasm) => gz.filter(([f]) => f.endsWith('.wasm') === wasm).reduce((a, [, n]) => a + n, 0);
    return {
      row, median: median(of('ready')), p25: quantile(of('ready'), 0.25), p75: quantile(of('ready'), 0.75),
      evaluated: median(of('evaluated')), lead: median(of('lead')), nav: median(of('sinceNavigation')),
      requests: Math.max(...of('requests')), duplicates: Math.max(...of('duplicates')), js: sum(false), wasm: sum(true),
      main: s[0].cpu && median(s.map((x) => x.cpu.main)), workers: s[0].cpu && median(s.map((x) => x.cpu.workers)),
    };
  });
  // Rows with preload hints are compared with the fastest peer with its hint, the others with
  // the fastest peer without; by wall-clock time, or with `cpu` by main-thread CPU time.
  const key = cpu ? 'main' : 'median';
  const fastestOf = (preload) => stats
    .filter((s) => !s.row.ours && !s.row.baseline && !!s.row.preload === preload)
    .reduce((a, b) => (!a || b[key] < a[key] ? b : a), null);
  const fastest = { false: fastestOf(false), true: fastestOf(true) };
  for (const s of stats) s.fastest = s.row.baseline || s.row.split ? null : fastest[!!s.row.preload];
  const floor = stats.find((s) => s.row.baseline);
  const columns = cpu
    ? [['main CPU ms', 11, (s) => fmt(s.main)], ['above floor', 11, (s) => (floor ? fmt(s.main - floor.main) : '-')],
      ['worker CPU ms', 13, (s) => fmt(s.workers)]]
    : [['ready ms', 8, (s) => fmt(s.median)], ['p25-p75', 11, (s) => `${fmt(s.p25)}-${fmt(s.p75)}`],
      ['evaluated', 9, (s) => fmt(s.evaluated)], ['lead', 5, (s) => (s.lead ? fmt(s.lead) : '-')],
      ['from nav', 8, (s) => fmt(s.nav)]];
  columns.push(
    ['requests', 8, (s) => `${s.requests}${s.duplicates ? ` (${s.duplicates} dup)` : ''}`],
    ['gzip JS', 8, (s) => s.js], ['gzip wasm', 9, (s) => s.wasm || '-'], ['gzip total', 10, (s) => s.js + s.wasm],
    ['vs fastest peer', 15, (s) => (!s.fastest ? '-'
      : s === s.fastest ? '1.00 (fastest)' : fmt(s[key] / s.fastest[key], 2))],
  );
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(30) : String(c).padStart(columns[i - 1][1])))
    .join('  ');
  const out = [line(['row', ...columns.map(([name]) => name)])];
  for (const s of stats) out.push(line([s.row.id, ...columns.map(([, , cell]) => cell(s))]));
  return { text: out.join('\n'), stats, key, fastest: fastest.false, floor };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const bin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  if (!existsSync(bin)) throw new Error(`Chromium not found at ${bin} (apt-get install chromium, or set CHROMIUM_BIN)`);
  let rows = JSON.parse(readFileSync(path.join(opts.site, 'rows.json'), 'utf8'));
  if (opts.only.length) rows = rows.filter((r) => opts.only.some((o) => r.id.includes(o)));
  if (!rows.length) throw new Error('no row matches --only');

  // BENCH_LOAD_CHROMIUM_ARGS: extra switches for diagnosis, e.g. --js-flags=--no-wasm-lazy-compilation.
  const extra = (process.env.BENCH_LOAD_CHROMIUM_ARGS ?? '').split(/\s+/).filter(Boolean);
  const browser = await chromium.launch({
    executablePath: bin, headless: true, args: [...CHROMIUM_ARGS, ...extra], timeout: 60000,
  });
  const samples = new Map(rows.map((r) => [r.id, []]));
  const version = browser.version();
  try {
    const total = opts.warmup + opts.rounds;
    for (let round = 0; round < total; round++) {
      // Round-robin, the starting row rotated each round so no row always follows the same one.
      for (let k = 0; k < rows.length; k++) {
        const row = rows[(k + round) % rows.length];
        const sample = await loadOnce(browser, opts.url, row, opts);
        if (round >= opts.warmup) samples.get(row.id).push(sample);
      }
      process.stderr.write(`\rround ${round + 1}/${total}${round < opts.warmup ? ' (warm-up, not counted)' : ''}   `);
    }
    process.stderr.write('\n');
  } finally {
    await browser.close();
  }

  const { text, stats, key, fastest, floor } = table(rows, samples, opts.cpu);
  if (extra.length) console.log(`extra Chromium switches: ${extra.join(' ')}`);
  if (opts.latency) console.log(`every request's answer delayed ${opts.latency} ms (DevTools network emulation)`);
  console.log(`Chromium ${version} headless, ${opts.rounds} cold loads per row (+${opts.warmup} warm-up), ` +
    'each in a fresh context (no cache), rows interleaved round-robin');
  if (opts.cpu) {
    console.log('traced loads: median CPU time of the page\'s renderer from navigation start to ready, on its main ' +
      'thread and on its other threads (the floor row: what an empty page costs)');
  } else {
    console.log('ready ms: median time from import() to ready; evaluated: to import() resolved; lead: how long ' +
      'before import() the hinted requests started; from nav: ready since navigation start (the fair figure ' +
      'for rows with hints, which start early)');
  }
  console.log(`vs fastest peer: the median over the fastest peer's (${opts.cpu ? 'main-thread CPU' : 'ready ms'}; ` +
    'rows with preload hints: over the fastest peer with a modulepreload of its bundle); ' +
    'requests: the page and its files');
  console.log(text);
  for (const s of stats.filter((x) => x.row.ours && x.fastest)) {
    const f = s.fastest;
    console.log(`ratio ${s.row.id} / ${f.row.id}: ${fmt(s[key] / f[key], 2)}` +
      ` (${fmt(s[key])} / ${fmt(f[key])} ms${opts.cpu ? ' main-thread CPU' : `; from nav ${fmt(s.nav / f.nav, 2)}`})`);
  }
  const split = !opts.cpu && splitTable(rows, samples, [fastest, floor].filter(Boolean).map((s) => s.row));
  if (split) console.log(split);
  console.log(`issue's reference (their machine): ${REFERENCE}`);
  console.log('ready means:');
  const seen = new Set();
  for (const r of rows) {
    const key = r.ours ? 'ours' : r.pkg;
    if (r.baseline || seen.has(key)) continue;
    seen.add(key);
    console.log(`  ${r.ours ? 'ours (every row)' : r.id.replace(/\+preload$/, '')}: ${r.means}`);
  }
}

main().catch((error) => {
  console.error(`bench-load: ${error.stack || error.message}`);
  process.exit(1);
});
