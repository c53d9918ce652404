// Page helpers shared by the end-to-end suites (demo, React, Vue, tabs, cookie mode).
import assert from 'node:assert/strict';

/** Waits for `predicate(text)` over #id's text; fails with the last text seen. */
export async function waitForText(page, id, predicate, what, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let text;
  for (;;) {
    text = await page.locator(`#${id}`).textContent().catch(() => null);
    if (text !== null && predicate(text)) return text;
    if (Date.now() > deadline) {
      assert.fail(`#${id}: expected ${what} within ${timeout} ms, last text was ${JSON.stringify(text)}`);
    }
    await page.waitForTimeout(100);
  }
}

export const number = (text) => Number.parseInt(text, 10);

/** The whole seconds #expires-in shows (fails when it shows anything else). */
export async function secondsLeft(page) {
  const text = await page.locator('#expires-in').textContent();
  const n = number(text);
  assert.ok(Number.isInteger(n), `#expires-in should show whole seconds, shows ${JSON.stringify(text)}`);
  return n;
}

/** Whether the demo page shows its logged-in view. */
export const loggedIn = (page) => page.locator('#logged-in').isVisible();

/** Logs in through the demo page's form, as the test user, and waits for the logged-in view. */
export async function login(page) {
  await page.fill('#username', 'admin');
  await page.fill('#password', 'secret');
  await page.click('#login-form button[type=submit]');
  await page.locator('#logged-in').waitFor({ state: 'visible' });
}

/** Waits until every page shows `state` ('logged-in' | 'logged-out'); returns the ms it took. */
export async function allShow(pages, state, timeout = 1000) {
  const started = Date.now();
  await Promise.all(pages.map((p) => p.locator(`#${state}`).waitFor({ state: 'visible', timeout })));
  return Date.now() - started;
}

/** Records, in each page of `context` from its first paint on, every text #id shows, in order:
 * read them with `shownTexts(page)`. */
export const recordTexts = (context, id) => context.addInitScript((id) => {
  window.shownTexts = [];
  new MutationObserver(() => {
    const text = document.getElementById(id)?.textContent;
    if (text != null && text !== window.shownTexts.at(-1)) window.shownTexts.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}, id);
export const shownTexts = (page) => page.evaluate(() => window.shownTexts);

/** Runs `f()` with the page's .wasm requests held until `released` (a locator) appears, as a
 * slow network would hold them: the app's loading state is then seen whatever the machine's
 * timing. */
export async function holdingWasm(page, released, f) {
  const wasm = /\.wasm(\?|$)/;
  const held = [];
  const hold = (route) => held.push(released.waitFor({ timeout: 5000 }).finally(() => route.continue()));
  await page.route(wasm, hold);
  try {
    return await f();
  } finally {
    // Each held request goes on before the handler is removed (else Playwright handles it twice).
    await Promise.allSettled(held);
    await page.unroute(wasm, hold);
  }
}
