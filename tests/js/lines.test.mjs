/* lines.js: the payload's tables and encoded lines unpacked, lines projected, measured,
   simplified, styled and given arrow heads. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRuntime, near, plain } from "./runtime.mjs";

const rt = loadRuntime();
const { L } = rt;

/* A number as Google's encoded polyline algorithm writes it (written here from the
   algorithm's description, with no bit operators, so that it holds past 32 bits). */
function encodeNumber(number) {
  let value = number < 0 ? -2 * number - 1 : 2 * number, text = "";
  while (value >= 32) {
    text += String.fromCharCode((value % 32) + 32 + 63);
    value = Math.floor(value / 32);
  }
  return text + String.fromCharCode(value + 63);
}

/* Points given in integer steps as payload.encode_line writes them: each point's step
   [dx, dy] from the one before, the first from 0, 0. */
function encodeSteps(points) {
  let x = 0, y = 0, text = "";
  for (const [px, py] of points) {
    text += encodeNumber(px - x) + encodeNumber(py - y);
    [x, y] = [px, py];
  }
  return text;
}

/* A pseudo-random generator, seeded, so that a failure can be replayed. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/* The distance from point p to the segment a-b. */
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay, span = dx * dx + dy * dy;
  const f = span ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / span)) : 0;
  return Math.hypot(px - ax - f * dx, py - ay - f * dy);
}

test("rows: a payload table back to records, plain and indexed columns", () => {
  const table = { count: 3, columns: { id: ["a", "b", "c"],
                                        mode: { values: ["sea", "rail"], index: [1, 0, 1] } } };
  assert.deepEqual(plain(rt.rows(table)), [{ id: "a", mode: "rail" }, { id: "b", mode: "sea" },
                                           { id: "c", mode: "rail" }]);
});

test("decodeLines: Google's documented example of the encoding", () => {
  // The three points of the polyline algorithm's documentation, at its scale of 1e5.
  const legs = [{ coords: "_p~iF~ps|U_ulLnnqC_mqNvxq`@" }];
  rt.decodeLines(legs, 1e5);
  assert.deepEqual(Array.from(legs[0].lonLats), [38.5, -120.2, 40.7, -120.95, 43.252, -126.453]);
});

test("decodeLines: the line payload.encode_line's docstring encodes", () => {
  // encode_line([(130.5, 42.25), (130.5001, 42.2)]) == 'oysnAgexXAf^' at COORD_SCALE 10,000
  const legs = [{ coords: "oysnAgexXAf^" }];
  rt.decodeLines(legs, 10000);
  assert.deepEqual(Array.from(legs[0].lonLats), [130.5, 42.25, 130.5001, 42.2]);
});

test("decodeLines: random lines round trip, several legs as views of one buffer", () => {
  const next = random(7), scale = 10000, expected = [], legs = [];
  for (let n = 0; n < 200; n++) {
    const points = [];
    const count = 1 + Math.floor(next() * 30);
    for (let i = 0; i < count; i++) {
      // anywhere on the map, antimeridian copies too: up to 540 degrees east or west
      points.push([Math.round((next() * 1080 - 540) * scale), Math.round((next() * 170 - 85) * scale)]);
    }
    expected.push(points.flat().map((value) => value / scale));
    legs.push({ coords: encodeSteps(points) });
  }
  legs.push({ coords: "" });
  expected.push([]);
  rt.decodeLines(legs, scale);
  legs.forEach((leg, index) => assert.deepEqual(Array.from(leg.lonLats), expected[index]));
  assert.ok(legs.every((leg) => leg.lonLats.buffer === legs[0].lonLats.buffer));
});

test("zoom0: Web Mercator at zoom 0, as Leaflet projects", () => {
  const out = new Float64Array(4);
  const cases = [[0, 0, 128, 128], [180, 0, 256, 128], [-90, 0, 64, 128], [-180, 0, 0, 128],
                 [0, 85.0511287798066, 128, 0], [0, -90, 128, 256], [0, 90, 128, 0]];
  for (const [lon, lat, x, y] of cases) {
    rt.zoom0(lon, lat, out, 2);
    near(out[2], x, 1e-9, `x of ${lon}, ${lat}`);
    near(out[3], y, 1e-9, `y of ${lon}, ${lat}`);
  }
  assert.deepEqual(Array.from(out.subarray(0, 2)), [0, 0]);
  const next = random(3);
  for (let n = 0; n < 500; n++) {
    const lon = next() * 1080 - 540, lat = next() * 180 - 90;
    rt.zoom0(lon, lat, out, 0);
    const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), 0);
    near(out[0], p.x, 1e-9, "x");
    near(out[1], p.y, 1e-9, "y");
  }
});

test("zoomFactor: each zoom doubles", () => {
  assert.equal(rt.zoomFactor(0), 1);
  assert.equal(rt.zoomFactor(1), 2);
  assert.equal(rt.zoomFactor(5), 32);
  near(rt.zoomFactor(2.5), 2 ** 2.5, 1e-12, "zoom 2.5");
});

test("track: running lengths and bounds", () => {
  const t = rt.track(new Float64Array([0, 0, 3, 4, 3, 10, -1, 10]));
  assert.deepEqual(Array.from(t.cum), [0, 5, 11, 15]);
  assert.deepEqual([t.box.min.x, t.box.min.y, t.box.max.x, t.box.max.y], [-1, 0, 3, 10]);
  const into = new Float64Array(5).fill(9);
  rt.track(new Float64Array([1, 1, 1, 2]), into.subarray(1, 3));
  assert.deepEqual(Array.from(into), [9, 0, 1, 9, 9]);
});

test("addTracks: each leg's projected track, from its decoded line", () => {
  const legs = [{ coords: encodeSteps([[0, 0], [900000, 0]]) },
                { coords: encodeSteps([[-900000, 0], [-900000, 450000], [0, 0]]) }];
  rt.decodeLines(legs, 10000);
  rt.addTracks(legs);
  // 90 degrees of longitude is a quarter of the 256 pixels the world spans at zoom 0
  assert.deepEqual(Array.from(legs[0].track.xy), [128, 128, 192, 128]);
  assert.deepEqual(Array.from(legs[0].track.cum), [0, 64]);
  const second = legs[1].track;
  assert.equal(second.xy.length, 6);
  near(second.xy[0], 64, 1e-9, "x");
  const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(45, -90), 0);
  near(second.xy[3], p.y, 1e-9, "y at 45N");
  near(second.cum[1], 128 - p.y, 1e-9, "length of the first segment");
});

test("simplify: points in line go, corners stay", () => {
  const out = new Float64Array(20).fill(-1);
  const line = new Float64Array([0, 0, 1, 0, 2, 0, 3, 0]);
  assert.deepEqual(Array.from(rt.simplify(line, 0.5, out, 4)), [0, 0, 3, 0]);
  assert.deepEqual(Array.from(out.subarray(0, 4)), [-1, -1, -1, -1]);  // before `at`: untouched
  const corner = new Float64Array([0, 0, 5, 0, 5, 5]);
  assert.deepEqual(Array.from(rt.simplify(corner, 0.5, out, 0)), [0, 0, 5, 0, 5, 5]);
  const bump = new Float64Array([0, 0, 5, 1, 10, 0]);  // 1 off the line through its ends
  assert.deepEqual(Array.from(rt.simplify(bump, 0.9, out, 0)), [0, 0, 5, 1, 10, 0]);
  assert.deepEqual(Array.from(rt.simplify(bump, 1.1, out, 0)), [0, 0, 10, 0]);
  // the farthest point is kept first; the one then within tolerance of both halves goes
  const peak = new Float64Array([0, 0, 2, 2.2, 5, 5, 10, 0]);
  assert.deepEqual(Array.from(rt.simplify(peak, 0.5, out, 0)), [0, 0, 5, 5, 10, 0]);
  const two = new Float64Array([4, 4, 4, 4]);  // a line of one point twice
  assert.deepEqual(Array.from(rt.simplify(two, 0.5, out, 0)), [4, 4, 4, 4]);
});

test("simplify: ends kept, order kept, every point left out within tolerance", () => {
  const next = random(11);
  for (let n = 0; n < 300; n++) {
    // lines of many sizes in turn, so that the scratch buffers are reused, large then small
    const count = 2 + Math.floor(next() * (n % 3 ? 8 : 200));
    const xy = new Float64Array(2 * count);
    let x = 0, y = 0;
    for (let i = 0; i < count; i++) {
      x += next() * 4 - 1;
      y += next() * 4 - 2;
      xy[2 * i] = x;
      xy[2 * i + 1] = y;
    }
    const tolerance = [0.1, 0.5, 2][n % 3];
    const kept = Array.from(rt.simplify(xy, tolerance, new Float64Array(2 * count), 0));
    assert.deepEqual(kept.slice(0, 2), [xy[0], xy[1]]);
    assert.deepEqual(kept.slice(-2), [xy[2 * count - 2], xy[2 * count - 1]]);
    let k = 0;  // the kept point at or before i
    for (let i = 0; i < count; i++) {
      const isKept = 2 * k + 2 < kept.length && kept[2 * k + 2] === xy[2 * i] &&
        kept[2 * k + 3] === xy[2 * i + 1];
      if (i === 0) continue;
      if (isKept) { k++; continue; }
      const d = segmentDistance(xy[2 * i], xy[2 * i + 1], kept[2 * k], kept[2 * k + 1],
                                kept[2 * k + 2], kept[2 * k + 3]);
      assert.ok(d <= tolerance + 1e-9, `line ${n}: point ${i} left out ${d} from the line kept`);
    }
    assert.equal(2 * k + 2, kept.length, `line ${n}: kept points not in the line's order`);
  }
});

test("pointAlong: a fraction of a leg's length along it", () => {
  const leg = { track: rt.track(new Float64Array([100, 100, 110, 100, 110, 130])) };
  const crs = L.CRS.EPSG3857;
  const cases = [[0, 100, 100], [0.25, 110, 100], [0.5, 110, 110], [1, 110, 130],
                 [0.125, 105, 100]];
  for (const [fraction, x, y] of cases) {
    const got = rt.pointAlong(leg, fraction), expected = crs.pointToLatLng(L.point(x, y), 0);
    near(got.lat, expected.lat, 1e-9, `lat at ${fraction}`);
    near(got.lng, expected.lng, 1e-9, `lng at ${fraction}`);
  }
});

test("legStyle: opacity faded, dimmed; a schematic leg dashed", () => {
  const line = { opacity: 0.8, faded_opacity: 0.4, dash: "6 4" }, flow = { color: "#123456" };
  const plainLeg = { width: 3, basis: "exact", faded: false };
  assert.deepEqual(plain(rt.legStyle(plainLeg, flow, line, false)),
                   { color: "#123456", weight: 3, opacity: 0.8, dashArray: null,
                     key: "#123456 3 0.8 " });
  const schematic = { width: 5, basis: "schematic", faded: true };
  assert.deepEqual(plain(rt.legStyle(schematic, flow, line, false)),
                   { color: "#123456", weight: 5, opacity: 0.4, dashArray: "6 4",
                     key: "#123456 5 0.4 6 4" });
  near(rt.legStyle(plainLeg, flow, line, true).opacity, 0.8 * 0.18, 1e-12, "dimmed");
  near(rt.legStyle(schematic, flow, line, true).opacity, 0.4 * 0.18, 1e-12, "faded, dimmed");
});

test("arrowWeight: half the line's width, at least 2", () => {
  assert.equal(rt.arrowWeight(1), 2);
  assert.equal(rt.arrowWeight(4), 2);
  assert.equal(rt.arrowWeight(10), 5);
});

test("arrowHeads: spaced along the line, pointing its way, sized by its width", () => {
  const east = rt.track(new Float64Array([0, 0, 100, 0]));
  // zoom 2: 400 px on screen, one head halfway; width 10: (4 + 6) px long, 0.6 of that wide
  const size = 10 / 4;
  const heads = Array.from(rt.arrowHeads(east, 10, 2));
  [50 - size, 0.6 * size, 50, 0, 50 - size, -0.6 * size]
    .forEach((value, i) => near(heads[i], value, 1e-12, `head number ${i}`));
  assert.equal(heads.length, 6);
  // zoom 3: 800 px, three heads a quarter apart
  const three = Array.from(rt.arrowHeads(east, 2, 3));
  assert.deepEqual([three[2], three[8], three[14]], [25, 50, 75]);
  // zoom 8: 25,600 px would fit 116; never more than 12
  assert.equal(rt.arrowHeads(east, 2, 8).length, 12 * 6);
  // too short on screen for one (20 px); just long enough (30 px)
  const short = rt.track(new Float64Array([0, 0, 5, 0]));
  assert.equal(rt.arrowHeads(short, 2, 2).length, 0);
  assert.equal(rt.arrowHeads(rt.track(new Float64Array([0, 0, 7.5, 0])), 2, 2).length, 6);
  // along a bent line, on the segment where it falls, the tail behind the tip
  const bent = rt.track(new Float64Array([0, 0, 10, 0, 10, -30]));  // 40 long, then north
  const up = Array.from(rt.arrowHeads(bent, 2, 4));  // 640 px: two heads, at 40/3 and 80/3
  near(up[2], 10, 1e-12, "tip x");
  near(up[3], -(40 / 3 - 10), 1e-12, "tip y");
  assert.ok(up[1] > up[3] && up[5] > up[3], "the tail lies behind (south of) the tip");
});
