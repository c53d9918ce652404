// Installs an app's npm packages with "wasm-auth-client" as a COPY of the current pkg/ (not a
// link: Vite's dev server and Next.js refuse or mis-resolve files outside the project root), and
// checks that the copy is byte for byte the current pkg/. The app's .npmrc says
// `install-links=true`, so a plain `npm ci` there copies too.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { run } from './proc.mjs';
import { repoRoot } from './server.mjs';

export const PKG_DIR = path.join(repoRoot, 'pkg');
const NPM_FLAGS = ['--install-links', '--no-audit', '--no-fund', '--loglevel=error'];

/** The package's shipped files (package.json "files", plus package.json itself). */
function packageFiles() {
  if (!existsSync(path.join(PKG_DIR, 'index.js'))) {
    throw new Error(`${PKG_DIR} is not built: run \`SKIP_SETUP=1 scripts/build-pkg\` first`);
  }
  const manifest = JSON.parse(readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'));
  return ['package.json', ...manifest.files.filter((f) => existsSync(path.join(PKG_DIR, f)))];
}

/** The first shipped file whose copy in `dir`'s node_modules differs from pkg/'s, or null. */
export function staleFile(dir) {
  const copy = path.join(dir, 'node_modules', 'wasm-auth-client');
  for (const file of packageFiles()) {
    const mine = path.join(copy, file);
    if (!existsSync(mine) || !readFileSync(mine).equals(readFileSync(path.join(PKG_DIR, file)))) return file;
  }
  return null;
}

/** sha-256 of pkg/'s wasm, short: names the build in logs. */
export const pkgWasmHash = () =>
  createHash('sha256').update(readFileSync(path.join(PKG_DIR, 'wasm_auth_client_bg.wasm'))).digest('hex').slice(0, 12);

/**
 * Makes `dir`'s node_modules current: `npm ci` when node_modules/.package-lock.json (which npm
 * writes last) is missing or older than package.json, package-lock.json or .npmrc (the rule of
 * scripts/setup's npm_ci); else only wasm-auth-client is removed and installed again from pkg/
 * (`npm install --no-save`), so each run tests the current pkg/. Also removes Vite's dependency
 * cache (node_modules/.vite). Throws when the installed copy still differs from pkg/.
 * Resolves to 'npm ci' or 'refreshed'.
 */
export async function installWithCurrentPkg(dir) {
  packageFiles();
  const modules = path.join(dir, 'node_modules');
  const marker = path.join(modules, '.package-lock.json');
  const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
  const changed = ['package.json', 'package-lock.json', '.npmrc'].some((f) => mtime(path.join(dir, f)) > mtime(marker));
  let how;
  if (!existsSync(marker) || changed) {
    await run('npm', ['ci', ...NPM_FLAGS], { cwd: dir });
    how = 'npm ci';
  } else {
    rmSync(path.join(modules, 'wasm-auth-client'), { recursive: true, force: true });
    await run('npm', ['install', '--no-save', ...NPM_FLAGS], { cwd: dir });
    how = 'refreshed';
  }
  rmSync(path.join(modules, '.vite'), { recursive: true, force: true });
  const stale = staleFile(dir);
  if (stale) throw new Error(`${dir}: node_modules/wasm-auth-client/${stale} differs from pkg/ after ${how}`);
  return how;
}
