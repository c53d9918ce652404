// Headless Chromium through playwright-core (no bundled browser: the system's /usr/bin/chromium).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** $CHROMIUM_BIN, else /usr/bin/chromium. */
export function chromiumPath() {
  const bin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  if (!existsSync(bin)) {
    throw new Error(`Chromium not found at ${bin}: install it with \`apt-get install chromium\` ` +
      '(or set CHROMIUM_BIN)');
  }
  return bin;
}

/**
 * Launches Chromium with a fresh profile directory (removed by close()). Returns
 * `{context, page, problems, close()}`: `problems` collects the page's uncaught errors and
 * console errors, each also printed to the test output as it happens.
 */
export async function launchBrowser({ viewport = { width: 900, height: 1000 } } = {}) {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'auth-e2e-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      timeout: 60000,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  // Playwright closes the browser when the process is interrupted; the profile goes too.
  const removeProfile = () => rmSync(userDataDir, { recursive: true, force: true });
  process.once('exit', removeProfile);
  const problems = { pageErrors: [], consoleErrors: [] };
  const watched = new WeakSet();
  const watch = (page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on('pageerror', (error) => {
      problems.pageErrors.push(String(error && error.stack || error));
      console.error(`[browser pageerror] ${error && error.stack || error}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        const where = message.location();
        const text = `${message.text()}${where && where.url ? ` (${where.url}:${where.lineNumber})` : ''}`;
        if (message.type() === 'error') problems.consoleErrors.push(text);
        console.error(`[browser console.${message.type()}] ${text}`);
      }
    });
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? await context.newPage();
  watch(page);

  return {
    context,
    page,
    problems,
    close: async () => {
      try {
        await context.close();
      } finally {
        process.removeListener('exit', removeProfile);
        removeProfile();
      }
    },
  };
}
