// Child processes for the tests: a command run to its end (`run`), and a long-running HTTP
// server (a dev server, `next start`) started in its own process group and stopped with it.
import { spawn } from 'node:child_process';
import net from 'node:net';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `command args` in `cwd`; resolves to its output, rejects with it (and the exit code). */
export function run(command, args, { cwd, env, timeoutMs = 300000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => { clearTimeout(timer); reject(Object.assign(error, { output: out })); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else {
        const how = signal ? `killed by ${signal}${signal === 'SIGKILL' ? ` (timeout ${timeoutMs} ms?)` : ''}` : `exit ${code}`;
        reject(Object.assign(new Error(`\`${command} ${args.join(' ')}\` in ${cwd}: ${how}\n${out}`), { output: out, code }));
      }
    });
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export const freePort = () => new Promise((resolve, reject) => {
  const server = net.createServer().on('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/**
 * Starts `command args` (which must listen on `url`) in its own process group and waits until
 * `url` answers 2xx: `{url, stop(), output()}`. stop() ends the group (SIGTERM, then SIGKILL);
 * the group is also killed when this process exits.
 */
export async function startHttpProcess(command, args, { cwd, env, url, timeoutMs = 60000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(); }));
  child.on('error', (error) => { exited = { error: String(error) }; });
  const kill = (signal) => { try { process.kill(-child.pid, signal); } catch { /* gone */ } };
  const onExit = () => kill('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (exited === null) {
      kill('SIGTERM');
      if (!await Promise.race([exit.then(() => true), sleep(3000)])) kill('SIGKILL');
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`\`${command} ${args.join(' ')}\` exited (${JSON.stringify(exited)}) before answering:\n${log}`);
    }
    try {
      if ((await fetch(url)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`\`${command} ${args.join(' ')}\` did not answer at ${url} within ${timeoutMs} ms:\n${log}`);
    }
    await sleep(200);
  }
  return { url, stop, output: () => log };
}
