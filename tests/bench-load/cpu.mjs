// `--cpu` of scripts/bench-load: the CPU time the page's renderer spends from navigation start to
// ready, from a Chrome trace of each load (thread time, so other processes competing for the CPU
// do not inflate it the way they inflate wall-clock figures). Tracing slows the load itself, so
// these loads are a separate pass and their wall-clock times are not used.

export const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'];

/**
 * CPU ms of the renderer that ran the page, from `navigationStart` (or the page's bench:import
 * mark) to its bench:ready mark: `main` on its main thread, `workers` on its other threads
 * (script streaming, wasm validation and compilation, ...).
 */
export function rendererCpu(traceJson) {
  const events = JSON.parse(traceJson).traceEvents;
  const ready = events.find((e) => e.name === 'bench:ready');
  if (!ready) throw new Error('the trace has no bench:ready mark');
  const pid = ready.pid;
  const start = events.find((e) => e.pid === pid && e.name === 'navigationStart')
    ?? events.find((e) => e.pid === pid && e.name === 'bench:import');
  const threadName = new Map();
  for (const e of events) {
    if (e.pid === pid && e.ph === 'M' && e.name === 'thread_name') threadName.set(e.tid, e.args.name);
  }
  const from = start.ts;
  const to = ready.ts;
  const cpu = { main: 0, workers: 0 };
  const openUntil = new Map();
  const tasks = events.filter((e) => e.pid === pid && e.ph === 'X' && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  for (const e of tasks) {
    // Only outermost tasks: nested events' thread time is already in their parent's.
    if (e.ts < (openUntil.get(e.tid) ?? -Infinity)) continue;
    openUntil.set(e.tid, e.ts + e.dur);
    const overlap = Math.min(e.ts + e.dur, to) - Math.max(e.ts, from);
    if (overlap <= 0) continue;
    const share = e.dur > 0 ? overlap / e.dur : 1;
    cpu[threadName.get(e.tid) === 'CrRendererMain' ? 'main' : 'workers'] += (e.tdur * share) / 1000;
  }
  return cpu;
}
