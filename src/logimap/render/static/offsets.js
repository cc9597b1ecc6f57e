/* Legs of several flows sharing a stretch, drawn side by side as transit maps draw lines
   sharing a track, so that each stays visible and can be clicked at every zoom.

   For the view shown (and half a view around it), each shown leg is sampled every
   SAMPLE_PX pixels along its line on screen. Where a sample has samples of other flows'
   legs running alongside (nearly parallel, and nearer than the two lines' half-widths plus
   TOUCH_PX), the flows there are laid side by side, GAP_PX apart, each line moved no more
   than it must be (an isotonic regression of their positions across the stretch). Their
   order is where they run (left to right) and, for lines on the same track, a stable rule:
   each keeps to the right of its own direction of travel and, among lines running the same
   way, the flow listed first in the legend keeps to the left. Offsets are smoothed along a
   leg and fall to nothing at its ends, so lines still meet at the places they join. Legs of
   one flow share their place. A leg's offset line is remade for each zoom and view; legs
   with nothing alongside keep their own line. Past MAX_SAMPLES samples in a view (tens of
   thousands of legs at once), lines are drawn as they are until the reader zooms in. */

var SAMPLE_PX = 6;
var TOUCH_PX = 2;
var GAP_PX = 1;
var PARALLEL = 0.94;        // |cos| of 20 degrees: lines closer to parallel run alongside
var TIE_PX = 1;             // lines nearer than this to each other are on the same track
var TAPER_PX = 14;
var SMOOTH_SAMPLES = 2;     // offsets averaged over this many samples on each side
var MAX_BUNDLE_PX = 48;     // a wider bundle is squeezed into this width
var MAX_SAMPLES = 80000;

/* items: every leg item of the page ({leg, flow, style, visible()}); rank: an item's flow's
   place in the legend. */
function Offsets(map, items, rank) {
  this.map = map;
  this.items = items;
  this.rank = rank;
  this.version = 0;
  this.key = null;
  this.active = false;
}

/* Start offsetting (once the page is drawn and its first view set). */
Offsets.prototype.start = function () {
  this.active = true;
  this.update();
};

/* The legs shown have changed: offsets are made again at the next update. */
Offsets.prototype.invalidate = function () {
  this.version += 1;
};

/* Bring every item's offset up to date with the map's view; true when they were remade. */
Offsets.prototype.update = function () {
  if (!this.active) return false;
  var map = this.map, zoom = map.getZoom(), view = map.getPixelBounds();
  var key = [zoom, view.min.x, view.min.y, view.max.x, view.max.y, this.version].join(" ");
  if (key === this.key) return false;
  this.key = key;
  this.items.forEach(function (item) { item.offset = null; });
  var pad = view.getSize().multiplyBy(0.5);
  var box = L.bounds(view.min.subtract(pad), view.max.add(pad));
  var samples = sample(this.items, zoomFactor(zoom), box);
  if (samples) this.lay(samples, zoom);
  return true;
};

/* Every visible leg in (or across) box sampled along its line at zoom scale k, or null when
   that would make more than MAX_SAMPLES samples. Each sample: its point, the unit direction
   of its segment, its distance along the leg, whether it is a vertex of the line and in
   box; samples of one leg are consecutive (legs[i].start to legs[i].end). */
function sample(items, k, box) {
  var legs = [], total = 0;
  items.forEach(function (item) {
    if (!item.visible()) return;
    var t = item.leg.track, b = t.box;
    if (b.max.x * k < box.min.x || b.min.x * k > box.max.x ||
        b.max.y * k < box.min.y || b.min.y * k > box.max.y) return;
    var n = t.cum.length, count = n;
    for (var i = 1; i < n; i++) {
      if (segmentIn(t.xy, i, k, box)) count += Math.floor((t.cum[i] - t.cum[i - 1]) * k / SAMPLE_PX);
    }
    total += count;
    legs.push({ item: item, count: count });
  });
  if (total > MAX_SAMPLES || legs.length < 2) return null;
  var s = {
    x: new Float64Array(total), y: new Float64Array(total), dx: new Float64Array(total),
    dy: new Float64Array(total), along: new Float64Array(total), vertex: new Uint8Array(total),
    inside: new Uint8Array(total), leg: new Int32Array(total), legs: legs, count: 0
  };
  legs.forEach(function (entry, index) {
    var t = entry.item.leg.track, xy = t.xy, n = t.cum.length, dx = 1, dy = 0;
    entry.start = s.count;
    for (var i = 0; i < n; i++) {
      var x = xy[2 * i] * k, y = xy[2 * i + 1] * k;
      if (i < n - 1) {
        var ex = xy[2 * i + 2] * k - x, ey = xy[2 * i + 3] * k - y;
        var len = Math.sqrt(ex * ex + ey * ey);
        if (len > 0) { dx = ex / len; dy = ey / len; }
      }
      push(s, index, x, y, dx, dy, t.cum[i] * k, 1, box);
      if (i < n - 1 && segmentIn(xy, i + 1, k, box)) {
        var steps = Math.floor((t.cum[i + 1] - t.cum[i]) * k / SAMPLE_PX);
        for (var j = 1; j < steps; j++) {
          var f = j / steps;
          push(s, index, x + ex * f, y + ey * f, dx, dy, (t.cum[i] + (t.cum[i + 1] - t.cum[i]) * f) * k,
               0, box);
        }
      }
    }
    entry.end = s.count;
    entry.length = t.cum[n - 1] * k;
  });
  return s;
}

function segmentIn(xy, i, k, box) {
  var ax = xy[2 * i - 2] * k, ay = xy[2 * i - 1] * k, bx = xy[2 * i] * k, by = xy[2 * i + 1] * k;
  return Math.max(ax, bx) >= box.min.x && Math.min(ax, bx) <= box.max.x &&
    Math.max(ay, by) >= box.min.y && Math.min(ay, by) <= box.max.y;
}

function push(s, leg, x, y, dx, dy, along, vertex, box) {
  var i = s.count++;
  s.x[i] = x;
  s.y[i] = y;
  s.dx[i] = dx;
  s.dy[i] = dy;
  s.along[i] = along;
  s.vertex[i] = vertex;
  s.leg[i] = leg;
  s.inside[i] = x >= box.min.x && x <= box.max.x && y >= box.min.y && y <= box.max.y ? 1 : 0;
}

/* Each sample's offset from the flows alongside it, then each leg's offset line. */
Offsets.prototype.lay = function (s, zoom) {
  var self = this, legs = s.legs, widest = 0;
  legs.forEach(function (entry) {
    entry.flow = entry.item.leg.flow;
    entry.width = entry.item.style.weight;
    entry.rank = self.rank(entry.item);
    widest = Math.max(widest, entry.width);
  });
  var cell = widest + TOUCH_PX + SAMPLE_PX, grid = new Map();
  function cellKey(cx, cy) { return cx * 1048576 + cy; }
  for (var i = 0; i < s.count; i++) {
    if (!s.inside[i]) continue;
    var key = cellKey(Math.floor(s.x[i] / cell), Math.floor(s.y[i] / cell));
    var list = grid.get(key);
    if (list) list.push(i); else grid.set(key, [i]);
  }
  var offset = new Float64Array(s.count), any = false;
  for (var p = 0; p < s.count; p++) {
    if (!s.inside[p]) continue;
    var members = alongside(s, p, legs, grid, cell, cellKey);
    if (members.length > 1) {
      offset[p] = place(members);
      if (offset[p]) any = true;
    }
  }
  if (!any) return;
  var k = zoomFactor(zoom);
  legs.forEach(function (entry) {
    var line = offsetLine(s, entry, offset, k);
    if (line) entry.item.offset = { zoom: zoom, track: line };
  });
};

/* The flows running alongside sample p, its own first: {d: distance across p's line (to its
   left, pixels), width, same: running the same way, rank}; for each flow the sample of it
   nearest along p's line. */
function alongside(s, p, legs, grid, cell, cellKey) {
  var own = legs[s.leg[p]], members = [{ flow: own.flow, d: 0, width: own.width, same: true,
                                         rank: own.rank, at: 0, own: true }];
  var px = s.x[p], py = s.y[p], dx = s.dx[p], dy = s.dy[p];
  var cx = Math.floor(px / cell), cy = Math.floor(py / cell);
  for (var gx = cx - 1; gx <= cx + 1; gx++) {
    for (var gy = cy - 1; gy <= cy + 1; gy++) {
      var list = grid.get(cellKey(gx, gy));
      if (!list) continue;
      for (var n = 0; n < list.length; n++) {
        var q = list[n], other = legs[s.leg[q]];
        if (other.flow === own.flow) continue;
        var dot = dx * s.dx[q] + dy * s.dy[q];
        if (Math.abs(dot) < PARALLEL) continue;
        var rx = s.x[q] - px, ry = s.y[q] - py, at = Math.abs(rx * dx + ry * dy);
        if (at > SAMPLE_PX) continue;
        var d = rx * dy - ry * dx;  // across p's line, to its left on screen
        if (Math.abs(d) > (own.width + other.width) / 2 + TOUCH_PX) continue;
        var known = null;
        for (var m = 1; m < members.length; m++) {
          if (members[m].flow === other.flow) known = members[m];
        }
        if (known && known.at <= at) continue;
        var member = known || {};
        member.flow = other.flow;
        member.d = d;
        member.width = other.width;
        member.same = dot > 0;
        member.rank = other.rank;
        member.at = at;
        if (!known) members.push(member);
      }
    }
  }
  return members;
}

/* The offset of members[0] once the members are laid side by side: ordered across the line
   (see the top of this file), then each moved as little as it must to leave every pair of
   neighbours their half-widths plus GAP_PX apart (pool adjacent violators). */
function place(members) {
  members.sort(function (a, b) {
    if (Math.abs(a.d - b.d) > TIE_PX) return a.d - b.d;
    if (a.same !== b.same) return a.same ? -1 : 1;
    return a.same ? b.rank - a.rank : a.rank - b.rank;
  });
  var n = members.length, need = [0], total = 0;
  for (var i = 1; i < n; i++) {
    total += (members[i - 1].width + members[i].width) / 2 + GAP_PX;
    need.push(total);
  }
  var squeeze = total > MAX_BUNDLE_PX ? MAX_BUNDLE_PX / total : 1;
  // Positions u with u[i+1] - u[i] >= need gap: with v = d - need, u - need is the
  // non-decreasing sequence nearest v.
  var blocks = [];
  members.forEach(function (member, index) {
    blocks.push({ sum: member.d - need[index] * squeeze, count: 1 });
    while (blocks.length > 1) {
      var last = blocks[blocks.length - 1], before = blocks[blocks.length - 2];
      if (before.sum / before.count <= last.sum / last.count) break;
      before.sum += last.sum;
      before.count += last.count;
      blocks.pop();
    }
  });
  var index = 0;
  for (var b = 0; b < blocks.length; b++) {
    for (var c = 0; c < blocks[b].count; c++, index++) {
      if (members[index].own) return blocks[b].sum / blocks[b].count + need[index] * squeeze;
    }
  }
  return 0;
}

/* A leg's offset line in zoom-0 pixels, simplified for the zoom, with its track; null when
   nothing moves it. */
function offsetLine(s, entry, offset, k) {
  var start = entry.start, end = entry.end, n = end - start, moved = false;
  var smooth = new Float64Array(n);
  for (var i = 0; i < n; i++) {
    var sum = 0, count = 0;
    for (var j = Math.max(0, i - SMOOTH_SAMPLES); j <= Math.min(n - 1, i + SMOOTH_SAMPLES); j++) {
      sum += offset[start + j];
      count += 1;
    }
    var along = s.along[start + i];
    var taper = Math.min(1, along / TAPER_PX, (entry.length - along) / TAPER_PX);
    smooth[i] = sum / count * Math.max(0, taper);
    if (Math.abs(smooth[i]) > 0.25) moved = true;
  }
  if (!moved) return null;
  var xy = new Float64Array(2 * n);
  for (var m = 0; m < n; m++) {
    var p = start + m, nx = s.dy[p], ny = -s.dx[p], scale = 1;
    if (s.vertex[p] && m > 0 && m < n - 1) {  // a corner: the mitre of both segments
      var ix = s.dy[p - 1], iy = -s.dx[p - 1], mx = nx + ix, my = ny + iy;
      var len = Math.sqrt(mx * mx + my * my);
      if (len > 1e-9) {
        mx /= len;
        my /= len;
        scale = 1 / Math.max(0.5, mx * nx + my * ny);
        nx = mx;
        ny = my;
      }
    }
    xy[2 * m] = (s.x[p] + nx * smooth[m] * scale) / k;
    xy[2 * m + 1] = (s.y[p] + ny * smooth[m] * scale) / k;
  }
  var kept = simplify(xy, SIMPLIFY_PX / k, new Float64Array(2 * n), 0);
  return track(kept.slice());
}
