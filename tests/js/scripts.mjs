/* Where the map runtime's scripts are, and which of them every map joins into one function,
   in order: render/assets.py's SCRIPTS, read from that file (shared by eslint.config.mjs and
   the tests). */

import { readFileSync } from "node:fs";

export const ROOT = new URL("../../", import.meta.url);
export const STATIC = "src/logimap/render/static";

/* render/assets.py's SCRIPTS: the scripts joined into one function, in order. */
export function bundledScripts() {
  const assets = readFileSync(new URL("src/logimap/render/assets.py", ROOT), "utf8");
  const tuple = /^SCRIPTS = \(([^)]*)\)/m.exec(assets);
  if (!tuple) throw new Error("src/logimap/render/assets.py: no SCRIPTS = (...) tuple found");
  return [...tuple[1].matchAll(/"([^"]+\.js)"/g)].map((match) => match[1]);
}

/* The text of one of the runtime's scripts. */
export function scriptText(name) {
  return readFileSync(new URL(`${STATIC}/${name}`, ROOT), "utf8");
}
