/* offsets.js: legs of several flows sharing a stretch laid side by side. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRuntime, near } from "./runtime.mjs";

const rt = loadRuntime();
const { L } = rt;

/* A member of a bundle, as alongside() makes them. */
function member(d, width, same, rank, own = false) {
  return { flow: `f${rank}`, d, width, same, rank, at: 0, own };
}

test("place: two lines apart by less than their widths move apart equally", () => {
  // widths 4 and 4: centres 4/2 + 4/2 + GAP_PX 1 = 5 apart; they are 3 apart, so each moves 1
  assert.equal(rt.place([member(0, 4, true, 0, true), member(3, 4, true, 1)]), -1);
  assert.equal(rt.place([member(3, 4, true, 1, true), member(0, 4, true, 0)]), 4);
  // 6 apart already: nothing moves
  assert.equal(rt.place([member(0, 4, true, 0, true), member(6, 4, true, 1)]), 0);
});

test("place: on one track, the flow listed first keeps to the left, each to its right", () => {
  // same way, same place: rank 0 to the left (positive d), rank 1 to the right, 3 apart
  assert.equal(rt.place([member(0, 2, true, 0, true), member(0, 2, true, 1)]), 1.5);
  assert.equal(rt.place([member(0, 2, true, 1, true), member(0, 2, true, 0)]), -1.5);
  // within TIE_PX (1) counts as the same track
  assert.equal(rt.place([member(0, 2, true, 1, true), member(0.9, 2, true, 0)]), -1.05);
  // running opposite ways: each keeps to the right of its own direction, whatever the rank
  assert.equal(rt.place([member(0, 2, true, 0, true), member(0, 2, false, 1)]), -1.5);
  assert.equal(rt.place([member(0, 2, true, 5, true), member(0, 2, false, 1)]), -1.5);
});

test("place: widths sum to the gaps, three lines", () => {
  // widths 2, 6, 4 (ranks 0, 1, 2) all at 0, the same way: from the right, rank 2, 1, 0,
  // their centres (4 + 6)/2 + 1 = 6 and (6 + 2)/2 + 1 = 5 apart (0, 6, 11), and centred on
  // where they were (less the mean, 17/3): -17/3, 1/3, 16/3
  const bundle = () => [member(0, 2, true, 0), member(0, 6, true, 1), member(0, 4, true, 2)];
  const at = (index) => {
    const members = bundle();
    members[index].own = true;
    return rt.place(members);
  };
  near(at(2), -17 / 3, 1e-12, "rank 2");
  near(at(1), 1 / 3, 1e-12, "rank 1");
  near(at(0), 16 / 3, 1e-12, "rank 0");
});

test("place: a bundle wider than MAX_BUNDLE_PX is squeezed into it", () => {
  // five lines 20 wide: gaps of 21 make 84, squeezed to 48 (gaps of 12), centred on 0
  const positions = [0, 1, 2, 3, 4].map((own) => rt.place(
    [0, 1, 2, 3, 4].map((rank) => member(0, 20, true, rank, rank === own))));
  [24, 12, 0, -12, -24].forEach((expected, rank) => near(positions[rank], expected, 1e-12,
                                                         `rank ${rank}`));
});

test("place: any bundle keeps its centre, leaves every gap, moves nothing that need not", () => {
  let state = 5;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
  for (let n = 0; n < 300; n++) {
    const count = 2 + Math.floor(next() * 5);
    // across the line, more than TIE_PX apart, so that the order is by place alone
    const ds = [], widths = [];
    let d = next() * 10 - 5;
    for (let i = 0; i < count; i++) {
      ds.push(d);
      widths.push(1 + Math.floor(next() * 6));
      d += 1.5 + next() * (n % 2 ? 3 : 15);
    }
    const positions = ds.map((_, own) => rt.place(ds.map((value, i) =>
      member(value, widths[i], next() < 0.5, i, i === own))));
    let need = 0;
    for (let i = 1; i < count; i++) need += (widths[i - 1] + widths[i]) / 2 + 1;
    const squeeze = need > 48 ? 48 / need : 1;
    let free = true;
    for (let i = 1; i < count; i++) {
      const gap = ((widths[i - 1] + widths[i]) / 2 + 1) * squeeze;
      assert.ok(positions[i] - positions[i - 1] >= gap - 1e-9, `bundle ${n}: gap ${i}`);
      if (ds[i] - ds[i - 1] < gap) free = false;
    }
    const sum = (values) => values.reduce((a, b) => a + b, 0);
    near(sum(positions), sum(ds), 1e-9, `bundle ${n}: centre`);
    if (free) {
      positions.forEach((position, i) => near(position, ds[i], 1e-9, `bundle ${n}: moved ${i}`));
    }
  }
});

/* A leg item along zoom-0 points, of a flow, width and rank, as the runtime makes them. */
function item(points, flow, width = 4) {
  const leg = { flow, track: rt.track(new Float64Array(points.flat())) };
  return { leg, style: { weight: width }, visible: () => true, flowIndex: flow, offset: null };
}

const ZOOM = 4, K = 16;  // zoom 4: a zoom-0 pixel is 16 pixels
const VIEW = L.bounds([0, 0], [1000, 1000]);

/* Offsets laid for the items as they would be at ZOOM with VIEW shown. */
function lay(items) {
  const offsets = new rt.Offsets(null, items, (entry) => entry.flowIndex);
  const samples = rt.sample(items, K, VIEW);
  if (samples) offsets.lay(samples, ZOOM);
  return items.map((entry) => entry.offset);
}

/* The y of a track where it crosses x (zoom-0 pixels). */
function yAt(track, x) {
  const xy = track.xy;
  for (let i = 2; i < xy.length; i += 2) {
    const [ax, bx] = [xy[i - 2], xy[i]];
    if ((ax - x) * (bx - x) <= 0 && ax !== bx) {
      return xy[i - 1] + (xy[i + 1] - xy[i - 1]) * (x - ax) / (bx - ax);
    }
  }
  throw new Error(`the track does not cross x = ${x}`);
}

test("Offsets: two flows on one stretch drawn side by side, meeting again at its ends", () => {
  // 320 px along y = 10 at zoom 4, eastwards: the flow listed first keeps to the left (north,
  // up the screen: smaller y), 5 px between centres (widths 4: 2 + 2 + a gap of 1)
  const [first, second] = lay([item([[10, 10], [30, 10]], 0), item([[10, 10], [30, 10]], 1)]);
  assert.equal(first.zoom, ZOOM);
  near(yAt(first.track, 20), 10 - 2.5 / K, 1e-9, "first flow, halfway");
  near(yAt(second.track, 20), 10 + 2.5 / K, 1e-9, "second flow, halfway");
  for (const offset of [first, second]) {
    const xy = offset.track.xy;
    assert.deepEqual([xy[0], xy[1], xy[xy.length - 2], xy[xy.length - 1]], [10, 10, 30, 10]);
  }
});

test("Offsets: flows running opposite ways each keep to the right of their way", () => {
  const [east, west] = lay([item([[10, 10], [30, 10]], 0), item([[30, 10], [10, 10]], 1)]);
  near(yAt(east.track, 20), 10 + 2.5 / K, 1e-9, "eastwards: to the south");
  near(yAt(west.track, 20), 10 - 2.5 / K, 1e-9, "westwards: to the north");
});

test("Offsets: what is not alongside another flow keeps its own line", () => {
  const line = [[10, 10], [30, 10]];
  assert.deepEqual(lay([item(line, 0), item(line, 0)]), [null, null], "one flow");
  assert.deepEqual(lay([item(line, 0), item([[20, 0], [20, 20]], 1)]), [null, null], "crossing");
  // 8 px apart at zoom 4, more than the widths' halves and TOUCH_PX (2 + 2 + 2)
  assert.deepEqual(lay([item(line, 0), item([[10, 10.5], [30, 10.5]], 1)]), [null, null]);
  assert.deepEqual(lay([item(line, 0)]), [null], "alone");
  assert.equal(rt.sample([item(line, 0)], K, VIEW), null);
});

test("sample: a view of more than MAX_SAMPLES samples is left as drawn", () => {
  // two legs of 1,000 zoom-0 pixels at zoom 10: 1,024,000 px each, a sample every 6
  const long = [[0, 0], [1000, 0]];
  assert.equal(rt.sample([item(long, 0), item(long, 1)], 1024, L.bounds([0, -10], [2e6, 10])),
               null);
  // the same legs at zoom 4: 16,000 px each, 2,666 samples each, are sampled
  const samples = rt.sample([item(long, 0), item(long, 1)], 16, L.bounds([0, -10], [2e6, 10]));
  assert.equal(samples.legs.length, 2);
  assert.equal(samples.count, 2 * (2 + Math.floor(16000 / 6) - 1));
});
