/* The map runtime loaded as a page loads it, for its tests: Leaflet (the npm package, the same
   release as the xstatic-leaflet the maps inline), then the runtime's scripts unchanged, in
   the order every map joins them, each in strict mode as the map runs them, all in one
   node:vm context whose top-level declarations are its properties. Node has no DOM: the
   context has only what Leaflet reads as it loads (to tell what browser it is in) and
   elements that are plain objects, enough for the runtime to make labels' elements. */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";
import { bundledScripts, scriptText } from "./scripts.mjs";

const require = createRequire(import.meta.url);
const LEAFLET = require.resolve("leaflet/dist/leaflet-src.js");

/* An element: its properties set by the code, its children listed. A canvas has
   getContext, as Leaflet checks before it offers its canvas renderer, but draws nothing. */
function element(tag) {
  const node = {
    tagName: tag.toUpperCase(), style: {}, childNodes: [],
    setAttribute(name, value) { this[name] = String(value); },
    appendChild(child) { this.childNodes.push(child); return child; },
  };
  if (node.tagName === "CANVAS") node.getContext = () => null;
  return node;
}

/* A context with Leaflet and the runtime's scripts loaded; with tracks, logimap-tracks.js
   too, after them, as a page of tracked legs has it. */
export function loadRuntime({ tracks = false } = {}) {
  const context = vm.createContext({
    navigator: { userAgent: "node", platform: "" },
    devicePixelRatio: 1,
    addEventListener() {},
    removeEventListener() {},
    document: {
      documentElement: { style: {} },
      addEventListener() {},
      createElement: element,
      createTextNode: (text) => ({ nodeValue: String(text) }),
    },
  });
  context.window = context;
  vm.runInContext(readFileSync(LEAFLET, "utf8"), context, { filename: LEAFLET });
  const names = bundledScripts().concat(tracks ? ["logimap-tracks.js"] : []);
  for (const name of names) {
    // On the same line as the script's first, so that line numbers stay the script's own.
    vm.runInContext(`"use strict"; ${scriptText(name)}`, context, { filename: name });
  }
  return context;
}

/* A value made in the context as a plain value of this one (arrays and objects of another
   context have other prototypes, which node:assert's deep comparisons tell apart). */
export function plain(value) {
  return JSON.parse(JSON.stringify(value, (key, item) =>
    ArrayBuffer.isView(item) ? Array.from(item) : item));
}

/* assert that two numbers are within tolerance of each other, saying which. */
export function near(actual, expected, tolerance, what = "") {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: ${actual} is not within ${tolerance} of ${expected}`);
  }
}
