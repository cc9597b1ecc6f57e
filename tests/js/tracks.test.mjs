/* logimap-tracks.js: a tracked leg's times decoded and its dark periods indexed, as the
   plugin prepares them before the legs are drawn. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRuntime, plain } from "./runtime.mjs";

/* A number as Google's encoded polyline algorithm writes it, with no bit operators. */
function encodeNumber(number) {
  let value = number < 0 ? -2 * number - 1 : 2 * number, text = "";
  while (value >= 32) {
    text += String.fromCharCode((value % 32) + 32 + 63);
    value = Math.floor(value / 32);
  }
  return text + String.fromCharCode(value + 63);
}

/* Integers as tracks.encode_integers writes them: the first, then each step. */
function encodeIntegers(values) {
  return values.map((value, i) => encodeNumber(value - (i ? values[i - 1] : 0))).join("");
}

/* The plugin's prepare() run over legs, on a page drawn on SVG or a canvas. */
function prepare(legs, canvas = false) {
  const rt = loadRuntime({ tracks: true });
  assert.equal(rt.logimapPlugins.length, 1);
  const runtime = { data: { legs }, canvas, renderer: "the page's renderer" };
  rt.logimapPlugins[0].prepare(runtime);
  return { rt, tracks: runtime.tracks };
}

test("times: tracks.encode_integers's docstring example", () => {
  const leg = { times: "?AC", gaps: [], lonLats: new Float64Array(6) };
  prepare([leg]);
  assert.deepEqual(plain(leg.trackTimes), [0, 1, 3]);
});

test("times: seconds since 1970 (past 32 bits) round trip, steps back and forth", () => {
  const times = [1700000000, 1700000060, 1699999000, 2 ** 34 + 5, 2 ** 34 + 5, 0, 1,
                 4102444800, 1262304000];
  const leg = { times: encodeIntegers(times), gaps: [], lonLats: new Float64Array(2 * times.length) };
  prepare([leg]);
  assert.deepEqual(plain(leg.trackTimes), times);
});

test("prepare: only tracked legs are the plugin's; their dark periods by segment", () => {
  const tracked = { times: encodeIntegers([0, 60, 7200, 7260]), lonLats: new Float64Array(8),
                    gaps: [[1, "no AIS received for 2 h", "1970-01-01T00:01Z", "1970-01-01T02:00Z"]] };
  const other = { times: null, gaps: null, lonLats: new Float64Array(4) };
  prepare([tracked, other]);
  assert.equal(tracked.external, true);
  assert.equal(other.external, undefined);
  assert.deepEqual(plain(tracked.gapAt), { 1: 0 });
});

test("prepare: more than 20,000 points of tracks go on a canvas of their own", () => {
  const legs = (points) => [{ times: encodeIntegers([0, 1]), gaps: [],
                              lonLats: new Float64Array(2 * points) }];
  assert.equal(prepare(legs(20000)).tracks.renderer, "the page's renderer");
  const { rt, tracks } = prepare(legs(20001));
  assert.ok(tracks.renderer instanceof rt.L.Canvas);
  assert.equal(prepare(legs(20001), true).tracks.renderer, "the page's renderer", "canvas page");
});
