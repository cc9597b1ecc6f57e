/* The legs' lines: unpacked from the payload, projected once into zoom-0 pixels of the map's
   projection (Web Mercator, as every folium map has), simplified for the zoom shown, with
   direction arrows; painted on a canvas (LegCanvas) on big pages, or as SVG paths (LegLine)
   that can be drawn offset from their line (see offsets.js). */

var CRS = L.CRS.EPSG3857;
var ARROW_SPACING_PX = 220;
var MAX_ARROWS_PER_LEG = 12;
var ARROW_OPACITY = 0.95;
var SIMPLIFY_PX = 0.5;  // canvas legs leave out points that move their line less than this

/* A payload table ({count, columns}) back to a list of records. */
function rows(table) {
  var out = [];
  for (var i = 0; i < table.count; i++) out.push({});
  Object.keys(table.columns).forEach(function (name) {
    var column = table.columns[name];
    for (var i = 0; i < table.count; i++) {
      out[i][name] = Array.isArray(column) ? column[i] : column.values[column.index[i]];
    }
  });
  return out;
}

function latLngs(flat) {
  var out = [];
  for (var i = 0; i < flat.length; i += 2) out.push(L.latLng(flat[i + 1], flat[i]));
  return out;
}

/* The legs' lines, sent as text (payload.encode_line: steps of 1/scale degree, each integer
   as in Google's encoded polyline algorithm), decoded into one buffer: each leg's lonLats is
   a view [lon, lat, lon, lat, ...] of it (ten thousand legs, one buffer). */
function decodeLines(legs, scale) {
  var count = 0;
  legs.forEach(function (leg) {
    for (var i = 0; i < leg.coords.length; i++) if (leg.coords.charCodeAt(i) < 95) count++;
  });
  var all = new Float64Array(count), n = 0;
  legs.forEach(function (leg) {
    var text = leg.coords, start = n, sum = [0, 0], value = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var group = text.charCodeAt(i) - 63;  // a group below 32 ends its number
      value |= (group & 31) << shift;
      if (group < 32) {
        sum[n & 1] += value & 1 ? ~(value >> 1) : value >> 1;
        all[n] = sum[n & 1] / scale;
        n++;
        value = shift = 0;
      } else {
        shift += 5;
      }
    }
    leg.lonLats = all.subarray(start, n);
  });
}

/* CRS.latLngToPoint(L.latLng(lat, lon), 0) written into out[at], out[at + 1], without making
   objects: Leaflet's spherical Mercator and EPSG:3857 transformation. */
var MERCATOR = CRS.projection, DEGREE = Math.PI / 180;
var TO_PIXEL = 0.5 / (Math.PI * MERCATOR.R), ZOOM0 = CRS.scale(0);
function zoom0(lon, lat, out, at) {
  var clamped = Math.max(Math.min(MERCATOR.MAX_LATITUDE, lat), -MERCATOR.MAX_LATITUDE);
  var sin = Math.sin(clamped * DEGREE);
  out[at] = ZOOM0 * (TO_PIXEL * (MERCATOR.R * lon * DEGREE) + 0.5);
  out[at + 1] = ZOOM0 * (-TO_PIXEL * (MERCATOR.R * Math.log((1 + sin) / (1 - sin)) / 2) + 0.5);
}

/* A line's track: its points xy [x0, y0, x1, y1, ...] in zoom-0 pixels, their running lengths
   cum and its bounds box; cum is written into the given buffer when there is one. */
function track(xy, cum) {
  var n = xy.length / 2, minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  cum = cum || new Float64Array(n);
  for (var i = 0; i < n; i++) {
    var x = xy[2 * i], y = xy[2 * i + 1];
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
    if (i) {
      var dx = x - xy[2 * i - 2], dy = y - xy[2 * i - 1];
      cum[i] = cum[i - 1] + Math.sqrt(dx * dx + dy * dy);
    } else {
      cum[0] = 0;
    }
  }
  return { xy: xy, cum: cum, box: L.bounds([minX, minY], [maxX, maxY]) };
}

/* Each leg's track, made once (a zoom only scales it), as views of two buffers shared by all
   legs. */
function addTracks(legs) {
  var total = 0;
  legs.forEach(function (leg) { total += leg.lonLats.length; });
  var points = new Float64Array(total), lengths = new Float64Array(total / 2), at = 0;
  legs.forEach(function (leg) {
    var ll = leg.lonLats, n = ll.length / 2;
    var xy = points.subarray(at, at + 2 * n);
    for (var i = 0; i < n; i++) zoom0(ll[2 * i], ll[2 * i + 1], xy, 2 * i);
    leg.track = track(xy, lengths.subarray(at / 2, at / 2 + n));
    at += 2 * n;
  });
}

/* The point a fraction f of the way along segment i (from point i - 1 to point i). */
function along(t, i, f) {
  var xy = t.xy, ax = xy[2 * i - 2], ay = xy[2 * i - 1];
  return L.point(ax + (xy[2 * i] - ax) * f, ay + (xy[2 * i + 1] - ay) * f);
}

var keepBuffer = new Uint8Array(0), stackBuffer = new Int32Array(0);  // reused scratch

/* The points of xy worth drawing, written into out from index at (which must have room for
   all of xy) and returned as a view of it: Douglas-Peucker, as Leaflet simplifies its own
   lines, leaving out the points nearer than tolerance to the line through those kept. */
function simplify(xy, tolerance, out, at) {
  var n = xy.length / 2;
  if (keepBuffer.length < n) {
    keepBuffer = new Uint8Array(2 * n);
    stackBuffer = new Int32Array(4 * n);
  }
  var keep = keepBuffer, stack = stackBuffer, top = 0, limit = tolerance * tolerance;
  keep.fill(0, 0, n);
  keep[0] = keep[n - 1] = 1;
  stack[top++] = 0;
  stack[top++] = n - 1;
  while (top) {
    var last = stack[--top], first = stack[--top], worst = limit, index = -1;
    var ax = xy[2 * first], ay = xy[2 * first + 1];
    var dx = xy[2 * last] - ax, dy = xy[2 * last + 1] - ay, span = dx * dx + dy * dy;
    for (var i = first + 1; i < last; i++) {
      var px = xy[2 * i] - ax, py = xy[2 * i + 1] - ay;
      var f = span ? Math.max(0, Math.min(1, (px * dx + py * dy) / span)) : 0;
      var ex = px - f * dx, ey = py - f * dy, off = ex * ex + ey * ey;
      if (off > worst) { worst = off; index = i; }
    }
    if (index > 0) {
      keep[index] = 1;
      stack[top++] = first;
      stack[top++] = index;
      stack[top++] = index;
      stack[top++] = last;
    }
  }
  var end = at;
  for (var j = 0; j < n; j++) {
    if (keep[j]) {
      out[end++] = xy[2 * j];
      out[end++] = xy[2 * j + 1];
    }
  }
  return out.subarray(at, end);
}

/* How many pixels at a zoom one zoom-0 pixel is. */
function zoomFactor(zoom) {
  return CRS.scale(zoom) / CRS.scale(0);
}

/* The point a fraction of the way along a leg. */
function pointAlong(leg, fraction) {
  var t = leg.track, at = t.cum[t.cum.length - 1] * fraction, seg = 1;
  while (seg < t.cum.length - 1 && t.cum[seg] < at) seg++;
  var f = (at - t.cum[seg - 1]) / (t.cum[seg] - t.cum[seg - 1] || 1);
  return CRS.pointToLatLng(along(t, seg, f), 0);
}

var DIMMED = 0.18;  // the share of its opacity a leg keeps while another flow is in focus

/* line: the payload's opacities and schematic dashes; dimmed: another flow is in focus. */
function legStyle(leg, flow, line, dimmed) {
  var opacity = leg.faded ? line.faded_opacity : line.opacity;
  var style = { color: flow.color, weight: leg.width,
                opacity: dimmed ? opacity * DIMMED : opacity,
                dashArray: leg.basis === "schematic" ? line.dash : null };
  style.key = [style.color, style.weight, style.opacity, style.dashArray].join(" ");
  return style;
}

/* Arrow heads along a track (zoom-0 pixels) at a zoom, six numbers each (left x, y, tip x,
   y, right x, y) in zoom-0 pixels: spaced ARROW_SPACING_PX apart on screen, sized by the
   line's width. */
function arrowHeads(t, width, zoom) {
  var xy = t.xy, cum = t.cum, factor = zoomFactor(zoom);
  var total = cum[cum.length - 1] * factor;
  if (total < 24) return [];
  var count = Math.max(1, Math.min(MAX_ARROWS_PER_LEG, Math.floor(total / ARROW_SPACING_PX)));
  var size = (4 + width * 0.6) / factor, heads = [], seg = 1;
  for (var k = 1; k <= count; k++) {
    var at = cum[cum.length - 1] * k / (count + 1);
    while (seg < cum.length - 1 && cum[seg] < at) seg++;
    var len = cum[seg] - cum[seg - 1] || 1, into = at - cum[seg - 1];
    var ax = xy[2 * seg - 2], ay = xy[2 * seg - 1];
    var dx = (xy[2 * seg] - ax) / len, dy = (xy[2 * seg + 1] - ay) / len;
    var x = ax + dx * into, y = ay + dy * into;
    heads.push(x - dx * size - dy * size * 0.6, y - dy * size + dx * size * 0.6, x, y,
               x - dx * size + dy * size * 0.6, y - dy * size - dx * size * 0.6);
  }
  return heads;
}

function arrowWeight(width) {
  return Math.max(2, width * 0.5);
}

/* The track a leg is drawn along at a zoom: offset beside the legs of other flows sharing
   its stretch (offsets.js), or its own. */
function drawnTrack(item, zoom) {
  return item.offset && item.offset.zoom === zoom ? item.offset.track : item.leg.track;
}

/* An SVG leg: a Leaflet polyline that, at a zoom where offsets.js has moved it beside other
   flows, projects its offset track instead of its own points. */
var LegLine = L.Polyline.extend({
  _project: function () {
    var item = this.lmItem, map = this._map, zoom = map.getZoom();
    if (item.offsets) item.offsets.update();
    if (!(item.offset && item.offset.zoom === zoom)) {
      L.Polyline.prototype._project.call(this);
      return;
    }
    var xy = item.offset.track.xy, k = zoomFactor(zoom), origin = map.getPixelOrigin();
    var ring = [], bounds = new L.Bounds();
    for (var i = 0; i < xy.length; i += 2) {
      var p = L.point(Math.round(xy[i] * k - origin.x), Math.round(xy[i + 1] * k - origin.y));
      ring.push(p);
      bounds.extend(p);
    }
    this._rings = [ring];
    this._rawPxBounds = bounds;
    this._updateBounds();
  }
});

/* The legs of one layer painted on one canvas, with no Leaflet object per leg: redrawn after
   every move or zoom, scaled like Leaflet's own layers while a zoom animates.
   items: {leg, flow, style, shown, offset}, painted in order; arrow heads go over them.
   offsets: what moves legs beside the others sharing their stretch, brought up to date
   before each redraw. */
var LegCanvas = L.Layer.extend({
  PADDING: 0.1,

  initialize: function (items, offsets) {
    this.items = items;
    this.offsets = offsets;
    this._room = 0;  // room for every item's points, each simplified from item.room on
    items.forEach(function (item) {
      item.room = this._room;
      this._room += item.leg.track.xy.length;
    }, this);
  },

  onAdd: function (map) {
    this._canvas = L.DomUtil.create("canvas", "lm-leg-canvas");
    this._canvas.style.position = "absolute";
    this._canvas.style.pointerEvents = "none";
    if (map.options.zoomAnimation && L.Browser.any3d) {
      L.DomUtil.addClass(this._canvas, "leaflet-zoom-animated");
    }
    map.getPane("overlayPane").appendChild(this._canvas);
    map.on("moveend zoomend resize viewreset", this.redraw, this);
    map.on("zoomanim", this._animateZoom, this);
    this.redraw();
  },

  onRemove: function (map) {
    map.off("moveend zoomend resize viewreset", this.redraw, this);
    map.off("zoomanim", this._animateZoom, this);
    L.DomUtil.remove(this._canvas);
  },

  /* As L.ImageOverlay does: the picture drawn for the old view, scaled to the new one. */
  _animateZoom: function (e) {
    var scale = this._map.getZoomScale(e.zoom);
    var offset = this._map._latLngBoundsToNewLayerBounds(this._bounds, e.zoom, e.center).min;
    L.DomUtil.setTransform(this._canvas, offset, scale);
  },

  /* Zoom-0 pixels to container pixels: p * scale + shift. */
  _frame: function () {
    var map = this._map, zoom = map.getZoom(), ref = map.getCenter();
    var shift = map.latLngToContainerPoint(ref).subtract(CRS.latLngToPoint(ref, zoom));
    return { scale: zoomFactor(zoom), shift: shift };
  },

  redraw: function () {
    if (!this._map) return;
    if (this.offsets) this.offsets.update();
    var map = this._map, size = map.getSize(), pad = size.multiplyBy(this.PADDING);
    var ratio = window.devicePixelRatio || 1, canvas = this._canvas;
    var topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1));
    var width = size.x + 2 * pad.x, height = size.y + 2 * pad.y;
    L.DomUtil.setPosition(canvas, topLeft);
    this._bounds = L.latLngBounds(map.layerPointToLatLng(topLeft),
                                  map.layerPointToLatLng(topLeft.add([width, height])));
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    var ctx = canvas.getContext("2d"), frame = this._frame();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineCap = "butt";
    // Mitred joins rasterise about a third faster than round ones; the limit bevels sharp
    // corners instead of drawing spikes.
    ctx.lineJoin = "miter";
    ctx.miterLimit = 2;
    var sx = frame.shift.x, sy = frame.shift.y, k = frame.scale, dx = sx + pad.x, dy = sy + pad.y;
    var drawn = [], current = null, zoom = map.getZoom();
    if (this._pointsZoom !== zoom) {  // legs are simplified again, as drawn, at a new zoom
      this._points = new Float64Array(this._room);
      this._pointsZoom = zoom;
    }
    var points = this._points, tolerance = SIMPLIFY_PX / zoomFactor(zoom);
    this.items.forEach(function (item) {
      var t = drawnTrack(item, zoom), style = item.style, box = t.box;
      if (!item.shown || box.max.x * k + sx < -pad.x || box.min.x * k + sx > size.x + pad.x ||
          box.max.y * k + sy < -pad.y || box.min.y * k + sy > size.y + pad.y) {
        return;  // not shown, or wholly outside the canvas
      }
      if (style.key !== current) {  // consecutive legs mostly share a style: set it once
        ctx.strokeStyle = style.color;
        ctx.globalAlpha = style.opacity;
        ctx.lineWidth = style.weight;
        ctx.setLineDash(style.dashArray ? style.dashArray.split(" ").map(Number) : []);
        current = style.key;
      }
      var xy;
      if (t !== item.leg.track) {
        xy = t.xy;  // an offset track is simplified when it is made
      } else {
        if (item.pointsIn !== points) {
          item.points = simplify(t.xy, tolerance, points, item.room);
          item.pointsIn = points;
        }
        xy = item.points;
      }
      ctx.beginPath();
      ctx.moveTo(xy[0] * k + dx, xy[1] * k + dy);
      for (var i = 2; i < xy.length; i += 2) ctx.lineTo(xy[i] * k + dx, xy[i + 1] * k + dy);
      ctx.stroke();
      drawn.push(item);
    });
    // Direction arrows over the legs, as the SVG page draws them: one path per colour,
    // weight and opacity.
    var groups = {};
    drawn.forEach(function (item) {
      var weight = arrowWeight(item.leg.width);
      var key = item.style.color + " " + weight + " " + item.style.opacity;
      if (!groups[key]) {
        groups[key] = { color: item.style.color, weight: weight, items: [],
                        opacity: Math.min(ARROW_OPACITY, item.style.opacity * 1.1) };
      }
      groups[key].items.push(item);
    });
    ctx.lineCap = "round";
    ctx.setLineDash([]);
    Object.keys(groups).forEach(function (key) {
      var group = groups[key];
      ctx.beginPath();
      group.items.forEach(function (item) {
        var h = arrowHeads(drawnTrack(item, zoom), item.leg.width, zoom);
        for (var i = 0; i < h.length; i += 6) {
          ctx.moveTo(h[i] * k + dx, h[i + 1] * k + dy);
          ctx.lineTo(h[i + 2] * k + dx, h[i + 3] * k + dy);
          ctx.lineTo(h[i + 4] * k + dx, h[i + 5] * k + dy);
        }
      });
      ctx.globalAlpha = group.opacity;
      ctx.strokeStyle = group.color;
      ctx.lineWidth = group.weight;
      ctx.stroke();
    });
  },

  /* The shown leg nearest a container point, within tolerance pixels of its edge (the
     topmost of legs as near), as {item, distance} in pixels from its middle; or null. */
  hit: function (point, tolerance) {
    var frame = this._frame(), k = frame.scale, zoom = this._map.getZoom(), best = null;
    var p = point.subtract(frame.shift).divideBy(k);
    for (var n = this.items.length - 1; n >= 0; n--) {
      var item = this.items[n];
      if (!item.shown) continue;
      var t = drawnTrack(item, zoom), slack = (tolerance + item.style.weight / 2) / k;
      if (p.x < t.box.min.x - slack || p.x > t.box.max.x + slack ||
          p.y < t.box.min.y - slack || p.y > t.box.max.y + slack) continue;
      for (var i = 1; i < t.cum.length; i++) {
        var d = L.LineUtil.pointToSegmentDistance(p, along(t, i, 0), along(t, i, 1));
        if (d <= slack && (!best || d * k < best.distance)) {
          best = { item: item, distance: d * k };
        }
      }
    }
    return best;
  }
});
