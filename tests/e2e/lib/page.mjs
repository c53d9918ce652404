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
