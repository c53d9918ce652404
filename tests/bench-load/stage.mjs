// The site half of scripts/bench-load: bundles each peer into one minified ESM file with esbuild,
// stages our package as shipped and bundled, writes one page per row and SITE/rows.json.
// Usage: node stage.mjs SITE PKG_DIR [--base DIR] [--extra LABEL=DIR]...
//   --base DIR         also stage the package in DIR (e.g. main's before a change) as rows base ...,
//                      first (the same as --extra base=DIR, placed before ours)
//   --extra LABEL=DIR  also stage the package in DIR (e.g. a modified loader) as rows LABEL ...
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { PEERS, WASM, oursRows, pageHtml } from './variants.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { site: null, pkg: null, base: null, extras: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--extra') {
      const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(argv[++i] ?? '');
      if (!m) throw new Error('--extra needs LABEL=DIR (LABEL: letters, digits, _ . -)');
      opts.extras.push({ label: m[1], dir: m[2] });
    } else if (a === '--base') {
      opts.base = argv[++i];
      if (!opts.base) throw new Error('--base needs a directory');
    } else if (!a.startsWith('-') && !opts.site) opts.site = a;
    else if (!a.startsWith('-') && !opts.pkg) opts.pkg = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.site || !opts.pkg) throw new Error('usage: node stage.mjs SITE PKG_DIR [--base DIR] [--extra LABEL=DIR]...');
  return opts;
}

const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const slug = (id) => id.replace(/[^A-Za-z0-9_.-]+/g, '-');
const version = (dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;

async function bundle(options) {
  await esbuild.build({
    bundle: true, minify: true, format: 'esm', platform: 'browser', logLevel: 'warning',
    legalComments: 'none', ...options,
  });
}

/**
 * The browser's view of the package in `from`: the static import graph of its "." export
 * (browser conditions), and the #... specifiers in it with the files they resolve to.
 */
function browserGraph(from) {
  const manifest = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8'));
  const pick = (target) => {
    if (typeof target === 'string' || target == null) return target;
    for (const c of ['browser', 'import', 'default']) if (c in target) return pick(target[c]);
    return null;
  };
  const entry = pick(manifest.exports?.['.'] ?? manifest.module ?? 'index.js');
  const js = [];
  const imports = {};
  const visit = (file) => {
    const rel = path.posix.normalize(file).replace(/^\.\//, '');
    if (js.includes(rel)) return;
    if (!existsSync(path.join(from, rel))) throw new Error(`${from} has no ${rel}: is it a built package?`);
    js.push(rel);
    const code = readFileSync(path.join(from, rel), 'utf8');
    for (const [, a, b] of code.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']/g)) {
      const spec = a ?? b;
      if (spec.startsWith('#')) {
        const target = pick(manifest.imports?.[spec]);
        if (!target) throw new Error(`${from}/package.json maps no browser file for ${spec}`);
        imports[spec] = path.posix.normalize(target).replace(/^\.\//, '');
        visit(target);
      } else if (spec.startsWith('.')) {
        visit(path.posix.join(path.posix.dirname(rel), spec));
      } else {
        throw new Error(`${rel} imports ${spec}: a browser cannot load it unbundled`);
      }
    }
  };
  visit(entry);
  return { js, imports };
}

/** Copies the browser files of the package in `from` to SITE/dir and bundles them to SITE/dir-bundle. */
async function stageOurs(site, from, dir) {
  const graph = browserGraph(from);
  if (!existsSync(path.join(from, WASM))) throw new Error(`${from} has no ${WASM}: is it a built package?`);
  // The staged copy carries package.json so esbuild resolves #... through its "imports".
  mkdirSync(path.join(site, dir), { recursive: true });
  for (const f of [...graph.js, WASM, 'package.json']) {
    mkdirSync(path.dirname(path.join(site, dir, f)), { recursive: true });
    cpSync(path.join(from, f), path.join(site, dir, f));
  }
  // As an app's bundler would: one JS file (browser conditions), and the wasm next to it,
  // where the loader's new URL(..., import.meta.url) points.
  await bundle({
    entryPoints: [path.join(site, dir, graph.js[0])], outfile: path.join(site, `${dir}-bundle`, 'index.js'),
  });
  cpSync(path.join(from, WASM), path.join(site, `${dir}-bundle`, WASM));
  return { version: version(from), graph };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const site = path.resolve(opts.site);
  rmSync(site, { recursive: true, force: true });
  mkdirSync(path.join(site, 'peers'), { recursive: true });

  const rows = [];
  for (const peer of PEERS) {
    const file = `peers/${peer.id}.js`;
    await bundle({
      stdin: {
        contents: `export * from ${JSON.stringify(peer.pkg)};`, resolveDir: here, sourcefile: `${peer.id}-entry.js`,
      },
      outfile: path.join(site, file),
    });
    const v = version(path.join(here, 'node_modules', peer.pkg));
    rows.push({ ...peer, id: `${peer.id} ${v}`, module: `./${file}`, files: [file] });
    // The same hint for a peer, so that ours+preload has a like-for-like peer to compare with.
    rows.push({ ...peer, id: `${peer.id} ${v}+preload`, module: `./${file}`, files: [file],
      preload: [`<link rel="modulepreload" href="./${file}">`] });
  }
  // The floor: a fresh context's import() of a one-line module (not a peer, in no ratio).
  writeFileSync(path.join(site, 'empty.js'), 'export const ready = () => Promise.resolve();\n');
  rows.push({ id: 'floor (empty module)', baseline: true, module: './empty.js', files: ['empty.js'],
    ready: 'await m.ready()', means: 'an empty module: what any row pays for import() in a fresh context' });
  if (opts.base) rows.push(...oursRows('base', 'base', (await stageOurs(site, path.resolve(opts.base), 'base')).graph));
  const ours = await stageOurs(site, path.resolve(opts.pkg), 'ours');
  rows.push(...oursRows(`ours ${ours.version}`, 'ours', ours.graph));
  for (const extra of opts.extras) {
    const dir = `extra-${slug(extra.label)}`;
    rows.push(...oursRows(extra.label, dir, (await stageOurs(site, path.resolve(extra.dir), dir)).graph));
  }

  for (const row of rows) {
    row.page = `${slug(row.id)}.html`;
    writeFileSync(path.join(site, row.page), pageHtml(row));
    row.gzip = {};
    for (const f of row.files) row.gzip[f] = gzip(path.join(site, f));
  }
  writeFileSync(path.join(site, 'rows.json'), `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`staged ${rows.length} rows in ${path.relative(process.cwd(), site) || site}`);
}

main().catch((error) => {
  console.error(`bench-load: ${error.message}`);
  process.exit(1);
});
