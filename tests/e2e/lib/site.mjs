// One served site and one Chromium page on it, for a suite whose steps share that page: the
// set-up and tear-down common to the demo and the framework examples.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import { repoRoot, startServer } from './server.mjs';

/** Where screenshots and server logs go. */
export const SHOTS = path.join(repoRoot, 'target', 'e2e');

/**
 * Serves `staticDir` with `accessTtl`-second access tokens and opens Chromium on a fresh
 * profile: `{server, browser, page}`. On a failure nothing is left running.
 */
export async function openSite(staticDir, accessTtl) {
  const server = await startServer({ staticDir, extraArgs: ['--access-ttl', String(accessTtl)] });
  console.log(`# server ${server.url} serving ${staticDir}`);
  try {
    mkdirSync(SHOTS, { recursive: true });
    const browser = await launchBrowser();
    browser.page.setDefaultTimeout(10000);
    return { server, browser, page: browser.page };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Closes what openSite opened (if it did) and keeps the server's log as SHOTS/<name>-server.log. */
export async function closeSite(site, name) {
  if (!site) return;
  await site.browser.close();
  await site.server.stop();
  writeFileSync(path.join(SHOTS, `${name}-server.log`), site.server.output());
}
