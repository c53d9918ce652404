// The cross-tab refresh lock for `storage: 'local'`: Web Locks, or a storage lease where those
// are missing, so only one tab spends a given refresh token.

const noop = () => {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Where Web Locks are missing: a lease in localStorage with an expiry, so that a tab that
 * crashed while holding it blocks the others for `holdMs` at most. */
async function lease(name, waitMs, holdMs) {
  const key = `${name}:lease`, me = Math.random().toString(36).slice(2), giveUp = Date.now() + waitMs;
  const read = () => {
    try {
      return JSON.parse(localStorage.getItem(key) || 'null');
    } catch {
      return null;
    }
  };
  for (;;) {
    const held = read();
    if (!held || held.until < Date.now()) {
      try {
        localStorage.setItem(key, JSON.stringify({ owner: me, until: Date.now() + holdMs }));
      } catch {
        return noop; // no storage, nothing to coordinate through
      }
      await sleep(25); // a concurrent writer's lease lands meanwhile; the last one wins
      if (read()?.owner === me) {
        return () => read()?.owner === me && localStorage.removeItem(key);
      }
    }
    if (Date.now() > giveUp) throw new Error('timed out waiting for another tab');
    await sleep(50);
  }
}

/** Resolves with a release function once this tab holds the lock `name`. Waiting is bounded
 * by `waitMs` and holding by `holdMs`, so no tab can block the others for long. */
export function tabLock(name, waitMs, holdMs) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return lease(name, waitMs, holdMs);
  return new Promise((granted, failed) => {
    const abort = new AbortController();
    const giveUp = setTimeout(() => abort.abort(), waitMs);
    const held = () => new Promise((release) => {
      clearTimeout(giveUp);
      const cap = setTimeout(release, holdMs);
      granted(() => (clearTimeout(cap), release()));
    });
    locks.request(name, { signal: abort.signal }, held).catch(failed);
  });
}
