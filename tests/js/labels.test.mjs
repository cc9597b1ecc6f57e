/* labels.js: where labels go, and that they never cover each other, the panels, or the
   markers they must leave free. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRuntime, plain } from "./runtime.mjs";

const rt = loadRuntime();
const { L } = rt;
const GAP = 2;  // LABEL_GAP_PX
const NAME_OFFSET = 3;  // NAME_OFFSET_PX

function overlap(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function random(seed) {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

test("BoxGrid: overlapping boxes hit, touching ones do not", () => {
  const grid = new rt.BoxGrid();
  grid.add({ left: 0, top: 0, right: 10, bottom: 10 });
  assert.equal(grid.hits({ left: 5, top: 5, right: 15, bottom: 15 }), true);
  assert.equal(grid.hits({ left: 10, top: 0, right: 20, bottom: 10 }), false);
  assert.equal(grid.hits({ left: 0, top: 10, right: 10, bottom: 20 }), false);
  assert.equal(grid.hits({ left: 2, top: 2, right: 3, bottom: 3 }), true, "inside");
  assert.equal(grid.hits({ left: -5, top: -5, right: 50, bottom: 50 }), true, "around");
  // a box over many cells (64 px each) is found from any of them
  grid.add({ left: 60, top: 60, right: 300, bottom: 300 });
  assert.equal(grid.hits({ left: 150, top: 150, right: 151, bottom: 151 }), true);
  assert.equal(grid.hits({ left: 299, top: 61, right: 310, bottom: 62 }), true);
  assert.equal(grid.hits({ left: 301, top: 61, right: 310, bottom: 62 }), false);
  // left of and above the map's corner
  grid.add({ left: -100, top: -100, right: -90, bottom: -90 });
  assert.equal(grid.hits({ left: -95, top: -95, right: -94, bottom: -94 }), true);
  assert.equal(grid.hits({ left: -89, top: -95, right: -80, bottom: -94 }), false);
});

test("BoxGrid: a box of the owner asked about, or not key when only keys count, is no hit", () => {
  const grid = new rt.BoxGrid();
  grid.add({ left: 0, top: 0, right: 10, bottom: 10, owner: 3, key: false });
  grid.add({ left: 100, top: 0, right: 110, bottom: 10, owner: 4, key: true });
  const first = { left: 5, top: 5, right: 6, bottom: 6 };
  const second = { left: 105, top: 5, right: 106, bottom: 6 };
  assert.equal(grid.hits(first, 3), false);
  assert.equal(grid.hits(first, 4), true);
  assert.equal(grid.hits(first, 4, true), false, "not key");
  assert.equal(grid.hits(second, 3, true), true, "key");
  assert.equal(grid.hits(second, 4, true), false, "its own");
  // a box of owner 0 is still another owner's
  grid.add({ left: 200, top: 0, right: 210, bottom: 10, owner: 0 });
  assert.equal(grid.hits({ left: 205, top: 5, right: 206, bottom: 6 }, 1), true);
  assert.equal(grid.hits({ left: 205, top: 5, right: 206, bottom: 6 }, 0), false);
});

test("BoxGrid: hits exactly what a look at every box finds", () => {
  const next = random(17);
  const box = (spread, size) => {
    const left = next() * spread - spread / 4, top = next() * spread - spread / 4;
    return { left, top, right: left + 1 + next() * size, bottom: top + 1 + next() * size,
             owner: Math.floor(next() * 5), key: next() < 0.3 };
  };
  for (let round = 0; round < 20; round++) {
    const grid = new rt.BoxGrid(), boxes = [];
    for (let n = 0; n < 60; n++) {
      const added = box(1500, round % 2 ? 40 : 300);
      grid.add(added);
      boxes.push(added);
    }
    for (let n = 0; n < 300; n++) {
      const query = box(1500, 100), owner = Math.floor(next() * 6), keyOnly = next() < 0.5;
      const expected = boxes.some((other) => other.owner !== owner &&
        (!keyOnly || other.key) && overlap(query, other));
      assert.equal(grid.hits(query, owner, keyOnly), expected, `round ${round}, query ${n}`);
    }
  }
});

test("offsetsFor: a volume label centred; a name right, left, above, below its marker", () => {
  const volume = { kind: "volume", size: { w: 40, h: 10 } };
  assert.deepEqual(plain(rt.offsetsFor(volume)), [{ x: -20, y: -5 }]);
  const place = { kind: "place", radius: 4, size: { w: 40, h: 10 } };
  const r = 4 + NAME_OFFSET;
  assert.deepEqual(plain(rt.offsetsFor(place)),
                   [{ x: r, y: -5 }, { x: -r - 40, y: -5 }, { x: -20, y: -r - 10 }, { x: -20, y: r }]);
});

/* A view W by H pixels in which LatLng (lat, lng) stands at container point (10 lng, 10 lat):
   what Labels asks of a map. */
const W = 400, H = 300;
function view() {
  return {
    addLayer() {},
    getSize: () => L.point(W, H),
    latLngToContainerPoint: (at) => L.point(at.lng * 10, at.lat * 10),
  };
}
const at = (x, y) => L.latLng(y / 10, x / 10);

/* Labels over the view, their sizes given (as measuring would give them). */
function labels(specs) {
  const made = new rt.Labels(view(), null);
  for (const spec of specs) {
    made.add({ className: "lm-place", shown: () => true, ...spec });
    made.items[made.items.length - 1].size = spec.size;
  }
  return made;
}

/* Where each label is shown, as the page has it (its marker's point plus its span's offset),
   with the gap around it; null for a label not shown. */
function shownBoxes(made) {
  return Array.from(made.items, (item) => {
    if (!item.marker) return null;
    const p = made.map.latLngToContainerPoint(item.marker.getLatLng());
    const left = p.x + parseFloat(item.span.style.left), top = p.y + parseFloat(item.span.style.top);
    return { left: left - GAP, top: top - GAP, right: left + item.size.w + GAP,
             bottom: top + item.size.h + GAP };
  });
}

const size = { w: 50, h: 12 };
const place = (x, y, owner, extra = {}) =>
  ({ kind: "place", text: `place ${owner}`, at: at(x, y), radius: 4, owner, size, ...extra });
const marker = (x, y, owner, key = false) => ({ at: at(x, y), radius: 4, owner, key });

test("Labels: a name right of its marker, else left, above, below", () => {
  const made = labels([
    place(100, 100, 0),
    place(370, 100, 1),  // too near the right edge: left of it
    place(100, 200, 2),  // another place's marker right of it: left of it
    place(200, 260, 3),  // other places' markers right and left of it: above
  ]);
  made.update([marker(100, 100, 0), marker(115, 200, 9), marker(175, 260, 8),
               marker(225, 260, 7)], []);
  const r = 4 + NAME_OFFSET;
  assert.deepEqual(shownBoxes(made), [
    { left: 100 + r - GAP, top: 94 - GAP, right: 100 + r + 50 + GAP, bottom: 106 + GAP },
    { left: 370 - r - 50 - GAP, top: 94 - GAP, right: 370 - r + GAP, bottom: 106 + GAP },
    { left: 100 - r - 50 - GAP, top: 194 - GAP, right: 100 - r + GAP, bottom: 206 + GAP },
    { left: 175 - GAP, top: 260 - r - 12 - GAP, right: 225 + GAP, bottom: 260 - r + GAP },
  ]);
});

test("Labels: a place under a label shown before it goes unnamed", () => {
  // the first name covers x 107 to 157, y 94 to 106: the second place, at (150, 105), lies
  // under it, though its own name would fit below it
  const made = labels([place(100, 100, 0), place(150, 105, 1)]);
  made.update([], []);
  assert.deepEqual(shownBoxes(made).map(Boolean), [true, false]);
});

test("Labels: a volume label covers places' markers but not a key place's", () => {
  const volume = (x, y, more) => ({ kind: "volume", text: "5 Mt", at: at(x, y), size: { w: 40, h: 12 },
                                    className: "lm-label", more });
  const made = labels([volume(250, 250), volume(60, 150, () => [at(60, 200), at(60, 60)])]);
  made.update([marker(250, 250, 0), marker(60, 150, 1, true), marker(60, 200, 2, true)], []);
  const [over, moved] = shownBoxes(made);
  assert.deepEqual(over, { left: 228, top: 242, right: 272, bottom: 258 });
  assert.deepEqual(moved, { left: 38, top: 52, right: 82, bottom: 68 }, "at its third point");
  assert.ok(made.items[1].marker.getLatLng().equals(at(60, 60)));
});

test("Labels: none under a panel, none of a layer turned off, hidden again when moved out", () => {
  let shown = true;
  const made = labels([place(100, 30, 0), place(100, 100, 1, { shown: () => shown }),
                       place(450, 100, 2)]);
  const panel = { left: 0, top: 0, right: W, bottom: 40 };
  made.update([], [panel]);
  assert.deepEqual(shownBoxes(made).map(Boolean), [false, true, false]);
  shown = false;
  made.update([], [panel]);
  assert.equal(made.items[1].marker, null);
  assert.equal(made.layer.getLayers().length, 0);
});

test("Labels: however crowded, no label covers another, a panel, or a marker it must not", () => {
  const next = random(29);
  for (let round = 0; round < 30; round++) {
    const specs = [], markers = [];
    for (let n = 0; n < 25; n++) {
      const x = next() * W * 1.2 - W * 0.1, y = next() * H * 1.2 - H * 0.1;
      const labelSize = { w: 10 + next() * 80, h: 8 + next() * 8 };
      if (next() < 0.3) {
        specs.push({ kind: "volume", text: "v", at: at(x, y), size: labelSize,
                     more: () => [at(next() * W, next() * H), at(next() * W, next() * H)] });
      } else {
        const radius = 2 + next() * 5;
        specs.push({ kind: "place", text: "p", at: at(x, y), radius, owner: n, size: labelSize });
        markers.push({ at: at(x, y), radius, owner: n, key: next() < 0.3 });
      }
    }
    const panels = [{ left: 0, top: 0, right: 120, bottom: 60 },
                    { left: W - 80, top: H - 100, right: W, bottom: H }];
    const made = labels(specs);
    made.update(markers, panels);
    const boxes = shownBoxes(made);
    const placed = boxes.filter(Boolean);
    assert.ok(placed.length > 3, `round ${round}: only ${placed.length} labels shown`);
    boxes.forEach((box, i) => {
      if (!box) return;
      const item = made.items[i];
      assert.ok(box.left >= 0 && box.top >= 0 && box.right <= W && box.bottom <= H, "in view");
      boxes.forEach((other, j) => assert.ok(j === i || !other || !overlap(box, other),
                                            `round ${round}: labels ${i} and ${j} touch`));
      panels.forEach((panel) => assert.ok(!overlap(box, panel), `round ${round}: under a panel`));
      markers.forEach((m) => {
        if (item.kind === "place" ? m.owner === item.owner : !m.key) return;
        const p = made.map.latLngToContainerPoint(m.at);
        const edge = { left: p.x - m.radius, top: p.y - m.radius, right: p.x + m.radius,
                       bottom: p.y + m.radius };
        assert.ok(!overlap(box, edge), `round ${round}: label ${i} covers place ${m.owner}`);
      });
    });
  }
});
