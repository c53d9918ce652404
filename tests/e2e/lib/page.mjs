// Page helpers shared by the end-to-end suites (demo, React, Vue).
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
