/* logimap.js: months, the state a reader shares in the URL's hash, the payload unpacked. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRuntime, plain } from "./runtime.mjs";

const rt = loadRuntime();
const { L } = rt;

test("monthIndex and monthLabel: months counted from year 0, and back", () => {
  assert.equal(rt.monthIndex("2024-01"), 2024 * 12);
  assert.equal(rt.monthIndex("2023-12"), 2024 * 12 - 1);
  assert.equal(rt.monthIndex("2022-02-24"), 2022 * 12 + 1, "a day's month");
  assert.equal(rt.monthLabel(2024 * 12), "2024-01");
  assert.equal(rt.monthLabel(2024 * 12 - 1), "2023-12");
  assert.equal(rt.monthLabel(1999 * 12 + 9), "1999-10");
  for (let year = 1900; year < 2100; year++) {
    for (let month = 1; month <= 12; month++) {
      const label = `${year}-${String(month).padStart(2, "0")}`;
      assert.equal(rt.monthLabel(rt.monthIndex(label)), label);
    }
  }
});

test("parseHash: the hash's name=value parts", () => {
  assert.deepEqual(plain(rt.parseHash("#view=3/10/20&layers=a,b&flow=x%20y")),
                   { view: "3/10/20", layers: "a,b", flow: "x%20y" });
  assert.deepEqual(plain(rt.parseHash("view=1/2/3")), { view: "1/2/3" }, "no #");
  assert.deepEqual(plain(rt.parseHash("#a=b=c&plain&=x&layers=")), { a: "b=c", layers: "" });
  assert.deepEqual(plain(rt.parseHash("")), {});
});

/* A runtime's state as hashState and applyHash read it: a map showing center at zoom, layers
   (id, on), a time filter, the flow in focus; what applyHash changes is recorded in calls. */
function runtime({ zoom = 4, center = [0, 0], layers = [], filter = null, focused = null,
                   overlays = { places: true, names: true, labels: true } } = {}) {
  const calls = [];
  const state = Object.create(rt.Runtime.prototype);
  Object.assign(state, {
    calls, filter, focused, overlays: { ...overlays },
    map: {
      getZoom: () => zoom,
      getCenter: () => L.latLng(center[0], center[1]),
      setView: (at, z) => calls.push(["setView", at, z]),
    },
    layers: layers.map(([id, on]) => ({ spec: { id }, on })),
    data: { flows: [{ id: "coal" }, { id: "oil/north" }, { id: "crude oil" }] },
    time: {
      enable: {}, mode: {}, slider: {},
      update: () => calls.push(["time", state.time.enable.checked, state.time.mode.value,
                                state.time.slider.value]),
    },
    setLayer: (layer, on) => calls.push(["setLayer", layer.spec.id, on]),
    setOverlay: (key, on) => calls.push(["setOverlay", key, on]),
    focus: (index, move) => calls.push(["focus", index, move]),
    restyle: () => calls.push(["restyle"]),
  });
  return state;
}

test("hashState: the view always; layers, overlays, time and flow when not as at first", () => {
  const first = runtime({ zoom: 3.25, center: [10.123456, -20.5], layers: [["sea", true]] });
  assert.equal(first.hashState(), "view=3.25/10.1235/-20.5000");
  const changed = runtime({
    zoom: 5.123, center: [-33.86882, 151.20929],
    layers: [["sea", true], ["rail lines", true], ["air", false]],
    overlays: { places: true, names: false, labels: true },
    filter: { mode: "upto", month: 2023 * 12 + 10 }, focused: 1,
  });
  assert.equal(changed.hashState(), "view=5.12/-33.8688/151.2093&layers=sea,rail%20lines&" +
               "overlays=places,labels&time=upto:2023-11&flow=oil%2Fnorth");
  const none = runtime({ layers: [["sea", false]], overlays: { places: false, names: false,
                                                                labels: false } });
  assert.equal(none.hashState(), "view=4/0.0000/0.0000&layers=&overlays=");
});

test("applyHash: each part of a shared hash applied", () => {
  const state = runtime({ layers: [["sea", true], ["rail lines", true], ["air", true]] });
  const viewSet = state.applyHash("#view=5.5/-33.8688/151.2093&layers=sea,rail%20lines&" +
                                  "overlays=places&time=upto:2023-11&flow=oil%2Fnorth");
  assert.equal(viewSet, true);
  assert.deepEqual(plain(state.calls), [
    ["setLayer", "air", false],
    ["setOverlay", "names", false], ["setOverlay", "labels", false],
    ["time", true, "upto", 2023 * 12 + 10],
    ["setView", [-33.8688, 151.2093], 5.5],
    ["focus", 1, false],
  ]);
});

test("applyHash: a flow alone moves to it; parts not understood change nothing", () => {
  const focusOnly = runtime();
  assert.equal(focusOnly.applyHash("#flow=crude%20oil"), true);
  assert.deepEqual(plain(focusOnly.calls), [["focus", 2, true]]);
  const junk = runtime({ layers: [["sea", true]] });
  assert.equal(junk.applyHash("#view=3/north/20&time=at:2024-3&flow=nowhere&x=1"), false);
  assert.deepEqual(plain(junk.calls), []);
  const unfocus = runtime({ focused: 0 });
  assert.equal(unfocus.applyHash("#view=2/1/1"), true);
  assert.equal(unfocus.focused, null, "a hash with no flow leaves none in focus");
  assert.deepEqual(plain(unfocus.calls), [["setView", [1, 1], 2], ["restyle"]]);
});

test("hashState then applyHash: what a reader shares is what the next one sees", () => {
  const shared = runtime({ zoom: 6.5, center: [51.5, -0.125], layers: [["a&b", false], ["c", true]],
                           overlays: { places: false, names: true, labels: true },
                           filter: { mode: "at", month: 2022 * 12 + 1 }, focused: 2 });
  const opened = runtime({ layers: [["a&b", true], ["c", true]] });
  opened.applyHash(`#${shared.hashState()}`);
  assert.deepEqual(plain(opened.calls), [
    ["setLayer", "a&b", false], ["setOverlay", "places", false],
    ["time", true, "at", 2022 * 12 + 1], ["setView", [51.5, -0.125], 6.5], ["focus", 2, false],
  ]);
});

test("unpack: tables to records, lines decoded and projected, legs knowing their places", () => {
  const data = {
    coord_scale: 10000,
    claims: { count: 0, columns: {} },
    nodes: { count: 2, columns: { name: ["Rajin", "Dunai"], lat: [42.25, 42.2] } },
    // one leg from (130.5, 42.25) to (130.5001, 42.2): payload.encode_line's docstring
    legs: { count: 1, columns: { coords: ["oysnAgexXAf^"], from: [0], to: [1] } },
    // and a schematic stretch of it (the same line), its approach to Dunai
    stretches: { count: 1, columns: { coords: ["oysnAgexXAf^"], leg: [0], node: [1],
                                      kind: ["approach"], length_km: ["5.6"] } },
  };
  rt.unpack(data);
  const leg = data.legs[0];
  assert.deepEqual(Array.from(leg.lonLats), [130.5, 42.25, 130.5001, 42.2]);
  assert.equal(leg.fromNode.name, "Rajin");
  assert.equal(leg.toNode.name, "Dunai");
  assert.equal(leg.stretches.length, 1);
  assert.equal(leg.stretches[0].node.name, "Dunai");
  assert.equal(leg.stretches[0].leg, leg);
  assert.deepEqual(Array.from(leg.stretches[0].lonLats), [130.5, 42.25, 130.5001, 42.2]);
  const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(42.2, 130.5001), 0);
  assert.deepEqual(Array.from(leg.track.xy.subarray(2)), [p.x, p.y]);
});
