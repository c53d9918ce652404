// Renames wasm-bindgen's import and export names in its JS glue after `wasm-opt
// --minify-imports-and-exports-and-modules` renamed them in the wasm. wasm-bindgen names every
// import `__wbg_<method>_<16-hex hash>` and every closure shim by its full Rust type, about 150
// names of 40-330 characters that the wasm and the glue both carry and gzip cannot squeeze
// (the hashes). Usage: node minify-names.mjs GLUE.js MAP.json (MAP: wasm-opt's printed mapping).
import { readFileSync, writeFileSync } from 'node:fs';

const [gluePath, mapPath] = process.argv.slice(2);
const map = JSON.parse(readFileSync(mapPath, 'utf8'));
let glue = readFileSync(gluePath, 'utf8');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const end = '(?![A-Za-z0-9_$])';

/** Replaces each match of `pattern` (exactly `expected` of them, else the build fails). */
function replace(pattern, replacement, expected, what) {
  const found = glue.match(pattern)?.length ?? 0;
  if (expected !== undefined && found !== expected) {
    throw new Error(`minify-names: ${what}: expected ${expected} occurrence(s), found ${found}`);
  }
  glue = glue.replace(pattern, replacement);
}

const modules = new Map();
for (const [module, name, renamed] of map.imports) {
  // Each import is one key of the imports object: `name: function (...) {...}`.
  replace(new RegExp(`(?<![A-Za-z0-9_$.])${escape(name)}(?=\\s*:)`, 'g'), renamed, 1, `import ${name}`);
  modules.set(module, modules.get(module) ?? null);
}
for (const [name, renamed] of map.exports) {
  // The glue calls exports as `wasm.name`; other occurrences are its own JS names.
  replace(new RegExp(`(?<=\\bwasm\\.)${escape(name)}${end}`, 'g'), renamed, undefined, `export ${name}`);
}
// With -and-modules every import comes from one module, renamed "a" by wasm-opt.
for (const module of modules.keys()) {
  replace(new RegExp(`(["'])${escape(module)}\\1(?=\\s*:)`, 'g'), '"a"', 1, `module ${module}`);
}
writeFileSync(gluePath, glue);
console.log(`minify-names: ${map.imports.length} imports and ${map.exports.length} exports renamed`);
