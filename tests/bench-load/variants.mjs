// The rows of scripts/bench-load: what each page imports, what it preloads and what "ready" is.
//
// Each peer is its npm package bundled whole (`export * from`) by esbuild into one minified
// ESM file, the min+ESM figure bundle-size sites quote. "Ready" is the module evaluated and a
// client constructed without any network: the page fails the run if a request leaves the
// staged files. `ORIGIN` is the page's own origin (nothing is served under the paths used).

import { SPLIT_HOOK } from './split.mjs';

export const PEERS = [
  {
    id: 'oidc-client-ts', pkg: 'oidc-client-ts',
    ready: `new m.UserManager({ authority: ORIGIN + '/oidc', client_id: 'bench',
      redirect_uri: ORIGIN + '/callback' })`,
    means: 'new UserManager({authority, client_id, redirect_uri}) (synchronous; no metadata fetch)',
  },
  {
    id: 'supabase', pkg: '@supabase/auth-js',
    ready: `await new m.GoTrueClient({ url: ORIGIN + '/auth/v1' }).initialize()`,
    means: 'new GoTrueClient({url}) then await initialize() ' +
      '(URL check, lock, storage read: no session, no request)',
  },
  {
    id: 'auth0', pkg: '@auth0/auth0-spa-js',
    ready: `new m.Auth0Client({ domain: location.host, clientId: 'bench' })`,
    means: 'new Auth0Client({domain, clientId}) (createAuth0Client would call checkSession: network)',
  },
  {
    id: 'msal', pkg: '@azure/msal-browser',
    ready: `{ const app = new m.PublicClientApplication({ auth: { clientId: 'bench',
        authority: ORIGIN + '/tenant' } }); await app.initialize(); }`,
    means: 'new PublicClientApplication({auth}) then await initialize() ' +
      '(cache set-up, PKCE pre-generation; no request)',
  },
];

const OURS_READY = 'await m.ready()';
const OURS_MEANS = 'await (await import(index.js)).ready(): wasm fetched, compiled, instantiated, ' +
  'default client constructed';

export const WASM = 'wasm_auth_client_bg.wasm';

/**
 * Our rows for one staged package directory `dir` (relative to the site root, e.g. "ours"):
 * shipped and bundled, each without and with the preload hints, and shipped with its load split
 * (split.mjs). `graph` is what a browser
 * fetches unbundled: `js`, the entry's static import graph (entry first), and `imports`, the
 * package-internal specifiers (#...) it uses with their files, which the page maps.
 */
export function oursRows(label, dir, graph) {
  const importmap = Object.keys(graph.imports).length
    ? Object.fromEntries(Object.entries(graph.imports).map(([k, f]) => [k, `./${dir}/${f}`]))
    : null;
  const shipped = [...graph.js.map((f) => `${dir}/${f}`), `${dir}/${WASM}`];
  const bundled = [`${dir}-bundle/index.js`, `${dir}-bundle/${WASM}`];
  const hints = (files) => files.map((f) => (f.endsWith('.wasm')
    ? `<link rel="preload" href="./${f}" as="fetch" crossorigin>`
    : `<link rel="modulepreload" href="./${f}">`));
  const base = { ours: true, ready: OURS_READY, means: OURS_MEANS };
  return [
    { ...base, id: `${label} shipped`, module: `./${dir}/${graph.js[0]}`, importmap, files: shipped },
    { ...base, id: `${label} shipped+preload`, module: `./${dir}/${graph.js[0]}`, importmap, files: shipped,
      preload: hints(shipped) },
    { ...base, id: `${label} bundled`, module: `./${bundled[0]}`, files: bundled },
    { ...base, id: `${label} bundled+preload`, module: `./${bundled[0]}`, files: bundled, preload: hints(bundled) },
    // Shipped again, with the load split in the page (split.mjs): in no ratio.
    { ...base, id: `${label} shipped, split`, module: `./${dir}/${graph.js[0]}`, importmap, files: shipped, split: true },
  ];
}

/**
 * The page of one row: it times `import()` to ready itself and logs the figures to the console
 * (the driver reads them from the console event: polling with page.waitForFunction would make
 * Playwright parse its injected script on the page's main thread in the middle of the load).
 */
export function pageHtml(row) {
  const head = [];
  if (row.importmap) {
    head.push(`<script type="importmap">${JSON.stringify({ imports: row.importmap })}</script>`);
  }
  for (const link of row.preload ?? []) head.push(link);
  if (row.split) head.push(`<script>${SPLIT_HOOK}</script>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${row.id}</title>
${head.join('\n')}
<script>
(async () => {
  const ORIGIN = location.origin;
  const t0 = performance.mark('bench:import').startTime;
  try {
    const m = await import(${JSON.stringify(row.module)});
    const t1 = performance.now();
    ${row.ready};
    const t2 = performance.mark('bench:ready').startTime;
    // lead: how long before import() the first hinted request started (the preload scanner
    // issues those as the HTML arrives, before the document is set up and the script runs).
    const files = ${JSON.stringify(row.files)};
    const entries = performance.getEntriesByType('resource')
      .filter((e) => files.includes(e.name.slice(ORIGIN.length + 1)));
    const lead = Math.max(0, t0 - Math.min(...entries.map((e) => e.startTime)));
    const resources = entries.map((e) => ({
      file: e.name.slice(ORIGIN.length + 1), start: e.startTime - t0, end: e.responseEnd - t0,
    }));
    console.info('__bench', JSON.stringify({
      lead, evaluated: t1 - t0, ready: t2 - t0, sinceNavigation: t2, t0, resources, split: window.__split,
    }));
  } catch (error) {
    console.info('__bench', JSON.stringify({ error: String(error && error.stack || error) }));
  }
})();
</script>
</head>
<body></body>
</html>
`;
}
