// Starts auth-test-server for a test file: a free port, test mode, an optional static site.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/e2e/lib/ is three levels down). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The server binary: $AUTH_TEST_SERVER_BIN, else target/release/auth-test-server. */
export function serverBinary() {
  const bin = process.env.AUTH_TEST_SERVER_BIN
    ? path.resolve(repoRoot, process.env.AUTH_TEST_SERVER_BIN)
    : path.join(repoRoot, 'target', 'release', 'auth-test-server');
  if (!existsSync(bin)) {
    throw new Error(`auth-test-server binary not found at ${bin}: build it with ` +
      '`cargo build --release -p auth-test-server` (or set AUTH_TEST_SERVER_BIN)');
  }
  return bin;
}

/** The demo site: $DEMO_SITE_DIR, else target/demo-site; it must hold index.html and pkg/index.js. */
export function demoSiteDir() {
  const dir = process.env.DEMO_SITE_DIR
    ? path.resolve(repoRoot, process.env.DEMO_SITE_DIR)
    : path.join(repoRoot, 'target', 'demo-site');
  const build = 'build it with `SKIP_SETUP=1 scripts/build-pkg && scripts/stage-demo` (or set DEMO_SITE_DIR)';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`demo site directory not found at ${dir}: ${build}`);
  }
  for (const file of ['index.html', path.join('pkg', 'index.js')]) {
    if (!existsSync(path.join(dir, file))) {
      throw new Error(`demo site ${dir} has no ${file}: ${build}`);
    }
  }
  return dir;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Spawns the server with `--addr 127.0.0.1:0 --port-file <tmp> --test-mode`, plus
 * `--static <staticDir>` when given and `extraArgs`. Resolves once the port file is written
 * and the port answers: `{url, stop(), output()}`; `url` has no trailing slash.
 */
export async function startServer({ staticDir, extraArgs = [], timeoutMs = 15000 } = {}) {
  const bin = serverBinary();
  const dir = mkdtempSync(path.join(tmpdir(), 'auth-e2e-server-'));
  const portFile = path.join(dir, 'port');
  const args = ['--addr', '127.0.0.1:0', '--port-file', portFile, '--test-mode'];
  if (staticDir) args.push('--static', staticDir);
  args.push(...extraArgs);

  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve();
  }));
  child.on('error', (error) => { exited = { error }; });

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exit.then(() => true), sleep(3000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Never leave the server behind, even when the test process ends abruptly.
  const onExit = () => { if (exited === null) child.kill('SIGKILL'); };
  const onSignal = (signal) => {
    onExit();
    rmSync(dir, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.once('exit', onExit);
  for (const signal of signals) process.once(signal, onSignal);
  const forget = () => {
    process.removeListener('exit', onExit);
    for (const signal of signals) process.removeListener(signal, onSignal);
  };

  const deadline = Date.now() + timeoutMs;
  let port = null;
  while (port === null) {
    if (exited !== null) {
      forget();
      await stop();
      throw new Error(`auth-test-server exited before listening (${JSON.stringify(exited)}):\n${log}`);
    }
    if (Date.now() > deadline) {
      forget();
      await stop();
      throw new Error(`auth-test-server did not write ${portFile} within ${timeoutMs} ms:\n${log}`);
    }
    try {
      const text = readFileSync(portFile, 'utf8').trim();
      if (/^\d+$/.test(text)) port = Number(text);
    } catch { /* not written yet */ }
    if (port === null) await sleep(50);
  }
  const url = `http://127.0.0.1:${port}`;

  // The port file may be written just before accept() starts: wait for an answer.
  for (;;) {
    try {
      await fetch(`${url}/_test/stats`);
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        forget();
        await stop();
        throw new Error(`auth-test-server at ${url} does not answer: ${error}\n${log}`);
      }
      await sleep(50);
    }
  }

  return {
    url,
    output: () => log,
    stop: async () => {
      forget();
      await stop();
    },
    /** GET /_test/stats as JSON. */
    stats: async () => (await fetch(`${url}/_test/stats`)).json(),
    /** POST /_test/reset. */
    reset: async () => { await fetch(`${url}/_test/reset`, { method: 'POST' }); },
  };
}
