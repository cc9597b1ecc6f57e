/* logimap map runtime.
 *
 * Draws a scenario from two JSON elements, its payload and its basemap: the offline basemap,
 * one Leaflet layer per data layer, direction arrows, volume labels, places, popups, the
 * layer control, the legend, the sources panel and the time filter. Scripts loaded beside it
 * (window.logimapPlugins: {prepare, ready, update}) may draw some legs themselves (a leg
 * they mark external), as logimap-tracks.js does for observed tracks. Every text from the data
 * is inserted with textContent, never as HTML, so names, quotes and notes display literally
 * whatever they contain.
 */
(function () {
  "use strict";

  var ARROW_SPACING_PX = 220;
  var LABEL_GAP_PX = 2;  // added to each label's measured box, so shown labels never touch
  var CRS = L.CRS.EPSG3857;
  var MAX_ARROWS_PER_LEG = 12;
  var ARROW_OPACITY = 0.95;
  var LEGEND_FLOWS = 25;  // flows the legend lists before it offers to show all
  var SIMPLIFY_PX = 0.5;  // canvas legs leave out points that move their line less than this

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function append(parent, children) {
    children.forEach(function (child) { if (child) parent.appendChild(child); });
    return parent;
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  function latLngs(flat) {
    var out = [];
    for (var i = 0; i < flat.length; i += 2) out.push(L.latLng(flat[i + 1], flat[i]));
    return out;
  }

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

  /* The legs' lines, sent as text (payload.encode_line: steps of 1/scale degree, each
     integer as in Google's encoded polyline algorithm), decoded into one buffer: each leg's
     lonLats is a view [lon, lat, lon, lat, ...] of it (ten thousand legs, one buffer). */
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

  /* The payload with its tables unpacked: legs know their line and track (as numbers, not
     one object per point: a big page has hundreds of thousands) and their label. */
  function unpack(data) {
    data.claims = rows(data.claims);
    data.nodes = rows(data.nodes);
    data.legs = rows(data.legs);
    decodeLines(data.legs, data.coord_scale);
    addTracks(data.legs);
    data.legs.forEach(function (leg) {
      leg.label = data.nodes[leg.from].name + " \u2192 " + data.nodes[leg.to].name;
    });
    return data;
  }

  function monthIndex(iso) {
    return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
  }

  function monthLabel(index) {
    var year = Math.floor(index / 12), month = index % 12 + 1;
    return year + "-" + (month < 10 ? "0" : "") + month;
  }

  function panel(className, title, collapsed) {
    var box = el("div", "lm-panel " + className + (collapsed ? " lm-collapsed" : ""));
    var head = el("div", "lm-toggle", title);
    var body = el("div", "lm-body");
    head.addEventListener("click", function () { box.classList.toggle("lm-collapsed"); });
    append(box, [head, body]);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return { box: box, body: body };
  }

  function control(position, node) {
    var ctl = L.control({ position: position });
    ctl.onAdd = function () { return node; };
    return ctl;
  }

  function Runtime(map, data) {
    this.map = map;
    this.data = data;
    this.claims = data.claims;
    this.sources = data.sources;
    this.layers = [];
    this.filter = null;
    // SVG keeps each line an element (styled by class); on a big page the legs are painted
    // on one canvas per layer (LegCanvas) and places and arrows on Leaflet's canvas.
    this.canvas = data.renderer === "canvas";
    this.renderer = this.canvas ? L.canvas({ padding: 0.1, tolerance: 4 })
      : L.svg({ padding: 0.5 });
    this.labelMeasure = labelMeasure(map.getContainer());
    this.plugins = [];
  }

  /* CRS.latLngToPoint(L.latLng(lat, lon), 0) written into out[at], out[at + 1], without
     making objects: Leaflet's spherical Mercator and EPSG:3857 transformation. */
  var MERCATOR = CRS.projection, DEGREE = Math.PI / 180;
  var TO_PIXEL = 0.5 / (Math.PI * MERCATOR.R), ZOOM0 = CRS.scale(0);
  function zoom0(lon, lat, out, at) {
    var clamped = Math.max(Math.min(MERCATOR.MAX_LATITUDE, lat), -MERCATOR.MAX_LATITUDE);
    var sin = Math.sin(clamped * DEGREE);
    out[at] = ZOOM0 * (TO_PIXEL * (MERCATOR.R * lon * DEGREE) + 0.5);
    out[at + 1] = ZOOM0 * (-TO_PIXEL * (MERCATOR.R * Math.log((1 + sin) / (1 - sin)) / 2) + 0.5);
  }

  /* Each leg's track: its points [x0, y0, x1, y1, ...], running lengths and bounds in zoom-0
     pixels of the map's projection (Web Mercator, as every folium map has), made once (a
     zoom only scales them), as views of two buffers shared by all legs. */
  function addTracks(legs) {
    var total = 0;
    legs.forEach(function (leg) { total += leg.lonLats.length; });
    var points = new Float64Array(total), lengths = new Float64Array(total / 2), at = 0;
    legs.forEach(function (leg) {
      var ll = leg.lonLats, n = ll.length / 2;
      var xy = points.subarray(at, at + 2 * n), cum = lengths.subarray(at / 2, at / 2 + n);
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      at += 2 * n;
      for (var i = 0; i < n; i++) {
        zoom0(ll[2 * i], ll[2 * i + 1], xy, 2 * i);
        var x = xy[2 * i], y = xy[2 * i + 1];
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
        if (i) {
          var dx = x - xy[2 * i - 2], dy = y - xy[2 * i - 1];
          cum[i] = cum[i - 1] + Math.sqrt(dx * dx + dy * dy);
        }
      }
      leg.track = { xy: xy, cum: cum, box: L.bounds([minX, minY], [maxX, maxY]) };
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

  /* The point halfway along a leg. */
  function middle(leg) {
    var t = leg.track, half = t.cum[t.cum.length - 1] / 2, seg = 1;
    while (seg < t.cum.length - 1 && t.cum[seg] < half) seg++;
    var f = (half - t.cum[seg - 1]) / (t.cum[seg] - t.cum[seg - 1] || 1);
    return CRS.pointToLatLng(along(t, seg, f), 0);
  }

  /* line: the payload's opacities and schematic dashes. */
  function legStyle(leg, flow, line) {
    var style = { color: flow.color, weight: leg.width,
                  opacity: leg.faded ? line.faded_opacity : line.opacity,
                  dashArray: leg.basis === "schematic" ? line.dash : null };
    style.key = [style.color, style.weight, style.opacity, style.dashArray].join(" ");
    return style;
  }

  /* The legs of one layer painted on one canvas, with no Leaflet object per leg: redrawn
     after every move or zoom, scaled like Leaflet's own layers while a zoom animates.
     items: {leg, flow, style, shown}, painted in order; arrow heads go over them. */
  var LegCanvas = L.Layer.extend({
    PADDING: 0.1,

    initialize: function (items) {
      this.items = items;
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
        var t = item.leg.track, style = item.style, box = t.box;
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
        if (item.pointsIn !== points) {
          item.points = simplify(t.xy, tolerance, points, item.room);
          item.pointsIn = points;
        }
        var xy = item.points;
        ctx.beginPath();
        ctx.moveTo(xy[0] * k + dx, xy[1] * k + dy);
        for (var i = 2; i < xy.length; i += 2) ctx.lineTo(xy[i] * k + dx, xy[i + 1] * k + dy);
        ctx.stroke();
        drawn.push(item);
      });
      // Direction arrows over the legs, as the SVG page draws them (see arrowHeads): one path
      // per colour and weight.
      var groups = {};
      drawn.forEach(function (item) {
        var weight = arrowWeight(item.leg), key = item.style.color + " " + weight;
        if (!groups[key]) groups[key] = { color: item.style.color, weight: weight, legs: [] };
        groups[key].legs.push(item.leg);
      });
      ctx.lineCap = "round";
      ctx.setLineDash([]);
      ctx.globalAlpha = ARROW_OPACITY;
      Object.keys(groups).forEach(function (key) {
        var group = groups[key];
        ctx.beginPath();
        group.legs.forEach(function (leg) {
          var h = arrowHeads(leg, zoom);
          for (var i = 0; i < h.length; i += 6) {
            ctx.moveTo(h[i] * k + dx, h[i + 1] * k + dy);
            ctx.lineTo(h[i + 2] * k + dx, h[i + 3] * k + dy);
            ctx.lineTo(h[i + 4] * k + dx, h[i + 5] * k + dy);
          }
        });
        ctx.strokeStyle = group.color;
        ctx.lineWidth = group.weight;
        ctx.stroke();
      });
    },

    /* The topmost shown leg within tolerance of a container point, or null. */
    hit: function (point, tolerance) {
      var frame = this._frame(), k = frame.scale;
      for (var n = this.items.length - 1; n >= 0; n--) {
        var item = this.items[n];
        if (!item.shown) continue;
        var t = item.leg.track, reach = tolerance + item.style.weight / 2;
        var p = point.subtract(frame.shift).divideBy(k), slack = reach / k;
        if (p.x < t.box.min.x - slack || p.x > t.box.max.x + slack ||
            p.y < t.box.min.y - slack || p.y > t.box.max.y + slack) continue;
        for (var i = 1; i < t.cum.length; i++) {
          if (L.LineUtil.pointToSegmentDistance(p, along(t, i, 0), along(t, i, 1)) <= slack) {
            return item;
          }
        }
      }
      return null;
    }
  });

  Runtime.prototype.citation = function (number) {
    var self = this;
    var link = el("span", "lm-cite", "[" + number + "]");
    link.addEventListener("click", function () { self.showSource(number); });
    return link;
  };

  Runtime.prototype.sourceLine = function (number) {
    var src = this.sources[number - 1];
    var line = el("div", "lm-muted");
    append(line, [this.citation(number), document.createTextNode(" " + src.label)]);
    var url = safeUrl(src.url);
    if (url) {
      var a = el("a", null, "link");
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      append(line, [document.createTextNode(" "), a]);
    }
    return line;
  };

  Runtime.prototype.claimBlock = function (id) {
    var claim = this.claims[id];
    var self = this;
    var box = el("div", "lm-claim");
    var head = el("div");
    append(head, [el("strong", null, claim.quantity || claim.what)]);
    if (claim.quantity) head.appendChild(document.createTextNode(" — " + claim.what));
    box.appendChild(head);
    var meta = [];
    if (claim.period) meta.push("period " + claim.period);
    meta.push("status: " + claim.status);
    var status = el("div", "lm-muted lm-status-" + claim.status, meta.join(" · "));
    append(box, [status, el("blockquote", null, claim.quote), this.sourceLine(claim.source)]);
    if (claim.note) {
      var note = el("div", "lm-muted", "Note: " + claim.note + " ");
      claim.note_sources.forEach(function (n) { note.appendChild(self.citation(n)); });
      box.appendChild(note);
    }
    return box;
  };

  Runtime.prototype.legPopup = function (leg) {
    var flow = this.data.flows[leg.flow];
    var self = this;
    var box = el("div", "lm-popup");
    box.appendChild(el("h3", null, flow.name));
    var dl = el("dl");
    function row(term, value) {
      if (value === undefined || value === null || value === "") return;
      append(dl, [el("dt", null, term), el("dd", null, value)]);
    }
    row("Direction", flow.direction);
    row("Cargo", flow.cargo);
    row("Leg", leg.label);
    row("Mode", leg.mode);
    row("Period", leg.period_text || "not dated");
    row("Length", leg.length_km + " km");
    row("Line", leg.basis + (leg.basis_note ? ": " + leg.basis_note : ""));
    box.appendChild(dl);
    if (leg.sources.length) {
      var routeSources = el("div", "lm-muted", "Route reported by: ");
      leg.sources.forEach(function (n) { routeSources.appendChild(self.citation(n)); });
      box.appendChild(routeSources);
    }
    if (flow.note) box.appendChild(el("p", "lm-muted", flow.note));
    leg.claims.forEach(function (id) { box.appendChild(self.claimBlock(id)); });
    return box;
  };

  Runtime.prototype.nodePopup = function (node) {
    var self = this;
    var box = el("div", "lm-popup");
    box.appendChild(el("h3", null, node.name));
    var dl = el("dl");
    [["Kind", node.kind], ["Country", node.country],
     ["Coordinate", node.lat + ", " + node.lon], ["Precision", node.precision],
     ["Basis", node.basis], ["Note", node.note]].forEach(function (pair) {
      if (pair[1]) append(dl, [el("dt", null, pair[0]), el("dd", null, pair[1])]);
    });
    box.appendChild(dl);
    node.claims.forEach(function (id) { box.appendChild(self.claimBlock(id)); });
    return box;
  };

  Runtime.prototype.drawBasemap = function () {
    var base = this.data.basemap;
    this.map.createPane("lmBasemap").style.zIndex = 150;
    var style = { pane: "lmBasemap", interactive: false, renderer: L.svg({ pane: "lmBasemap" }) };
    // All land is one SVG path and all borders another: a few elements for the browser to lay
    // out, however detailed the coast.
    L.polygon(base.land.map(function (rings) { return rings.map(latLngs); }),
      L.extend({ stroke: false, fillColor: "#f4f1e8", fillOpacity: 1 }, style)).addTo(this.map);
    L.polyline(base.borders.map(latLngs),
      L.extend({ color: "#9a8f7a", weight: 0.8, dashArray: "3 3" }, style)).addTo(this.map);
  };

  /* One popup and one tooltip for all the lines or places of a group: each member carries
     lmPopup (a function making the popup's content) and lmTooltip (its text). */
  Runtime.prototype.delegate = function (group, sticky) {
    var map = this.map;
    var tooltip = L.tooltip({ sticky: sticky });
    // Legs painted on a canvas listen on the map: tell them a member took this event.
    group.on("click mousemove", function (e) {
      if (e.originalEvent) e.originalEvent.lmHandled = true;
    });
    group.on("click", function (e) {
      var layer = e.propagatedFrom;
      var at = sticky ? e.latlng : layer.getLatLng();
      L.popup({ maxWidth: 440 }).setLatLng(at).setContent(layer.lmPopup()).openOn(map);
    });
    group.on("mouseover", function (e) {
      var layer = e.propagatedFrom;
      tooltip.setContent(el("span", null, layer.lmTooltip))
        .setLatLng(sticky ? e.latlng : layer.getLatLng());
      map.openTooltip(tooltip);
    });
    if (sticky) group.on("mousemove", function (e) { tooltip.setLatLng(e.latlng); });
    group.on("mouseout", function () { map.closeTooltip(tooltip); });
  };

  Runtime.prototype.drawLayers = function () {
    var self = this;
    this.data.layers.forEach(function (spec) {
      var legs = spec.legs.map(function (index) {
        var leg = self.data.legs[index], flow = self.data.flows[leg.flow];
        return { leg: leg, flow: flow, style: legStyle(leg, flow, self.data.line),
                 shown: true };
      });
      // Legs a plugin draws itself (leg.external: a track) are not drawn here.
      var own = legs.filter(function (item) { return !item.leg.external; });
      var group = self.canvas ? new LegCanvas(own) : self.svgLegs(own);
      // A canvas paints the arrow heads with its legs; SVG legs get a group of arrows.
      var arrows = self.canvas ? null : L.layerGroup();
      var layer = { spec: spec, group: group, arrows: arrows, legs: legs, on: true };
      self.layers.push(layer);
      [group, arrows].filter(Boolean).forEach(function (part) { part.addTo(self.map); });
    });
    if (this.canvas) this.canvasEvents();
    else this.map.on("zoomend", function () { self.drawArrows(); });
  };

  /* One SVG path per leg (class lm-leg lm-leg-<mode>), in a group sharing popup and tooltip. */
  Runtime.prototype.svgLegs = function (items) {
    var self = this, group = L.featureGroup();
    items.forEach(function (item) {
      var line = L.polyline(latLngs(item.leg.lonLats), L.extend({
        renderer: self.renderer, className: "lm-leg lm-leg-" + item.leg.mode, lineCap: "butt"
      }, item.style));
      line.lmPopup = function () { return self.legPopup(item.leg); };
      line.lmTooltip = self.legTooltip(item);
      item.line = line;
      group.addLayer(line);
    });
    this.delegate(group, true);
    return group;
  };

  Runtime.prototype.legTooltip = function (item) {
    return item.flow.name + " — " + item.leg.label;
  };

  /* Popups and tooltips for legs painted on canvases: the topmost leg under the pointer. */
  Runtime.prototype.canvasEvents = function () {
    var self = this, map = this.map, tooltip = L.tooltip({ sticky: true });
    function legAt(e) {
      if (e.originalEvent && e.originalEvent.lmHandled) return null;  // a place took it
      for (var n = self.layers.length - 1; n >= 0; n--) {
        var layer = self.layers[n];
        var item = layer.on ? layer.group.hit(e.containerPoint, 4) : null;
        if (item) return item;
      }
      return null;
    }
    map.on("click", function (e) {
      var item = legAt(e);
      if (item) L.popup({ maxWidth: 440 }).setLatLng(e.latlng)
        .setContent(self.legPopup(item.leg)).openOn(map);
    });
    map.on("mousemove", function (e) {
      var item = legAt(e);
      map.getContainer().style.cursor = item ? "pointer" : "";
      if (!item) { map.closeTooltip(tooltip); return; }
      tooltip.setContent(el("span", null, self.legTooltip(item))).setLatLng(e.latlng);
      if (!map.hasLayer(tooltip)) map.openTooltip(tooltip);
    });
  };

  /* Arrow heads along a leg at a zoom, six numbers each (left x, y, tip x, y, right x, y) in
     zoom-0 pixels: spaced ARROW_SPACING_PX apart on screen, from the leg's track, so a zoom
     only rescales. */
  function arrowHeads(leg, zoom) {
    var t = leg.track, xy = t.xy, cum = t.cum, factor = zoomFactor(zoom);
    var total = cum[cum.length - 1] * factor;
    if (total < 24) return [];
    var count = Math.max(1, Math.min(MAX_ARROWS_PER_LEG, Math.floor(total / ARROW_SPACING_PX)));
    var size = (4 + leg.width * 0.6) / factor, heads = [], seg = 1;
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

  function arrowWeight(leg) {
    return Math.max(2, leg.width * 0.5);
  }

  /* One multi-part line of arrow heads per flow and layer, for the legs shown (on canvas
     pages, LegCanvas paints them with the legs). */
  Runtime.prototype.drawArrows = function () {
    var self = this;
    if (this.canvas) return;
    var zoom = this.map.getZoom();
    function latLng(x, y) { return CRS.pointToLatLng(L.point(x, y), 0); }
    this.layers.forEach(function (layer) {
      layer.arrows.clearLayers();
      if (!layer.on) return;
      var byFlow = {};
      layer.legs.forEach(function (item) {
        if (!item.shown || item.leg.external) return;
        var heads = arrowHeads(item.leg, zoom);
        if (!heads.length) return;
        var key = item.leg.flow + " " + item.leg.width;
        if (!byFlow[key]) byFlow[key] = { leg: item.leg, heads: [] };
        for (var i = 0; i < heads.length; i += 6) {
          byFlow[key].heads.push([latLng(heads[i], heads[i + 1]),
            latLng(heads[i + 2], heads[i + 3]), latLng(heads[i + 4], heads[i + 5])]);
        }
      });
      Object.keys(byFlow).forEach(function (key) {
        var group = byFlow[key];
        layer.arrows.addLayer(L.polyline(group.heads, {
          renderer: self.renderer, color: self.data.flows[group.leg.flow].color,
          weight: arrowWeight(group.leg), opacity: ARROW_OPACITY, interactive: false,
          className: "lm-arrow-head"
        }));
      });
    });
  };

  Runtime.prototype.drawNodes = function () {
    var self = this;
    this.places = L.featureGroup();
    this.data.nodes.forEach(function (node) {
      var style = self.data.kinds[node.kind] || { color: "#444", radius: 4 };
      var marker = L.circleMarker([node.lat, node.lon], {
        renderer: self.renderer, radius: style.radius, color: "#222", weight: 1,
        fillColor: style.color, fillOpacity: 0.95, className: "lm-node lm-node-" + node.kind
      });
      marker.lmPopup = function () { return self.nodePopup(node); };
      marker.lmTooltip = node.name;
      self.places.addLayer(marker);
    });
    this.delegate(this.places, false);
    this.places.addTo(this.map);
  };

  Runtime.prototype.drawLabels = function () {
    var self = this;
    this.labels = L.layerGroup();
    this.labelItems = this.data.labels.map(function (label) {
      return { text: label.text, at: middle(self.data.legs[label.leg]), marker: null };
    });
    this.labels.addTo(this.map);
    this.map.on("moveend", function () { self.declutterLabels(); });
  };

  /* What a label's box is measured with: its text on a canvas, so that no element is laid
     out; one real label, measured before anything is drawn (while layout is cheap), gives
     the font and what padding and border add. */
  function labelMeasure(container) {
    var probe = el("span", "lm-label", "0");
    container.appendChild(probe);
    var style = getComputedStyle(probe), box = probe.getBoundingClientRect();
    var context = document.createElement("canvas").getContext("2d");
    context.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    probe.remove();
    return { context: context, height: box.height + LABEL_GAP_PX,
             extra: box.width - context.measureText("0").width + LABEL_GAP_PX };
  }

  /* A label's box in pixels. */
  Runtime.prototype.labelSize = function (text) {
    var measure = this.labelMeasure;
    return { w: measure.context.measureText(text).width + measure.extra, h: measure.height };
  };

  /* Show each volume label that covers none shown before it (labels on longer legs come
     first); zooming in, as they draw apart, shows more. Only labels shown and in view are
     elements on the page. */
  Runtime.prototype.declutterLabels = function () {
    if (!this.map.hasLayer(this.labels)) return;
    var self = this, map = this.map, view = map.getPixelBounds(), shown = [];
    this.labelItems.forEach(function (item) {
      var size = item.size || (item.size = self.labelSize(item.text));
      var p = map.project(item.at);
      var box = { left: p.x - size.w / 2, right: p.x + size.w / 2,
                  top: p.y - size.h / 2, bottom: p.y + size.h / 2 };
      var covers = shown.some(function (k) {
        return box.left < k.right && k.left < box.right && box.top < k.bottom && k.top < box.bottom;
      });
      if (!covers) shown.push(box);
      var visible = !covers && box.left < view.max.x && view.min.x < box.right &&
        box.top < view.max.y && view.min.y < box.bottom;
      if (visible && !item.marker) {
        item.marker = L.marker(item.at, {
          icon: L.divIcon({ className: "lm-label-anchor", iconSize: null,
                            html: append(el("span", "lm-label"), [el("span", null, item.text)]) }),
          interactive: false, keyboard: false
        }).addTo(self.labels);
      } else if (!visible && item.marker) {
        self.labels.removeLayer(item.marker);
        item.marker = null;
      }
    });
  };

  Runtime.prototype.setLayer = function (layer, on) {
    var map = this.map;
    layer.on = on;
    [layer.group, layer.arrows].filter(Boolean).forEach(function (part) {
      if (on) part.addTo(map); else map.removeLayer(part);
    });
    this.drawArrows();
    this.notify();
  };

  /* Tell the plugins (window.logimapPlugins: {prepare, ready, update}) that the layers
     shown or the time filter changed. */
  Runtime.prototype.notify = function () {
    var self = this;
    this.plugins.forEach(function (plugin) { if (plugin.update) plugin.update(self); });
  };

  Runtime.prototype.checkbox = function (text, checked, onChange, swatch) {
    var row = el("div", "lm-row");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    append(label, [box, swatch || null, el("span", null, text)]);
    row.appendChild(label);
    return row;
  };

  Runtime.prototype.layerControl = function () {
    var self = this;
    var box = panel("lm-layers", "Layers", false);
    var groups = {};
    this.layers.forEach(function (layer) {
      var name = layer.spec.group || "Layers";
      if (!groups[name]) {
        groups[name] = true;
        box.body.appendChild(el("h2", null, name));
      }
      var row = self.checkbox(layer.spec.title + " (" + layer.legs.length + ")", true,
        function (on) { self.setLayer(layer, on); });
      row.dataset.layer = layer.spec.id;
      box.body.appendChild(row);
    });
    box.body.appendChild(el("h2", null, "Overlays"));
    box.body.appendChild(this.checkbox("Places", true, function (on) {
      if (on) self.places.addTo(self.map); else self.map.removeLayer(self.places);
    }));
    box.body.appendChild(this.checkbox("Volume labels", true, function (on) {
      if (on) { self.labels.addTo(self.map); self.declutterLabels(); }
      else self.map.removeLayer(self.labels);
    }));
    box.body.appendChild(el("h2", null, "Base map"));
    var tiles = {};
    var current = null;
    [{ id: "offline", name: "Natural Earth (offline)" }].concat(this.data.tiles)
      .forEach(function (tile, index) {
        var row = el("div", "lm-row");
        var label = el("label");
        var radio = el("input");
        radio.type = "radio";
        radio.name = "lm-base-" + self.map._leaflet_id;
        radio.checked = index === 0;
        radio.addEventListener("change", function () {
          if (current) self.map.removeLayer(current);
          current = null;
          if (tile.url) {
            tiles[tile.id] = tiles[tile.id] || L.tileLayer(tile.url, {
              attribution: tile.attribution, maxZoom: tile.max_zoom || 18 });
            current = tiles[tile.id].addTo(self.map);
          }
        });
        append(label, [radio, el("span", null, tile.name)]);
        box.body.appendChild(append(row, [label]));
      });
    box.body.appendChild(el("p", "lm-muted",
      "Tile maps need a network connection; the offline base map does not."));
    control("topright", box.box).addTo(this.map);
  };

  /* Each flow's colour under its direction; past `limit` flows, a button lists the rest
     (laying out thousands of rows nobody reads would slow the page's first paint). */
  function flowRows(container, flows, limit) {
    var byDirection = {}, ordered = [], direction = null;
    flows.forEach(function (flow) {
      (byDirection[flow.direction] = byDirection[flow.direction] || []).push(flow);
    });
    Object.keys(byDirection).sort().forEach(function (key) {
      ordered.push.apply(ordered, byDirection[key]);
    });
    function add(flow) {
      if (flow.direction !== direction) {
        direction = flow.direction;
        container.appendChild(el("h2", null, direction));
      }
      var swatch = el("span", "lm-swatch");
      swatch.style.borderTopColor = flow.color;
      container.appendChild(append(el("div", "lm-row"), [swatch, el("span", null, flow.name)]));
    }
    ordered.slice(0, limit).forEach(add);
    if (ordered.length <= limit) return;
    var more = el("button", "lm-more", "Show all " + ordered.length + " flows");
    more.type = "button";
    more.addEventListener("click", function () {
      container.removeChild(more);
      ordered.slice(limit).forEach(add);
    });
    container.appendChild(more);
  }

  Runtime.prototype.legend = function () {
    var data = this.data;
    var box = panel("lm-legend", "Legend", false);
    flowRows(box.body.appendChild(el("div")), data.flows, LEGEND_FLOWS);
    if (data.widths.length) {
      box.body.appendChild(el("h2", null, "Line width: headline volume, per unit"));
      data.widths.forEach(function (scale) {
        box.body.appendChild(el("div", "lm-muted", scale.unit));
        scale.samples.forEach(function (sample) {
          var swatch = el("span", "lm-swatch");
          swatch.style.borderTopWidth = sample.width + "px";
          box.body.appendChild(append(el("div", "lm-row"),
                                      [swatch, el("span", null, sample.text)]));
        });
      });
      box.body.appendChild(el("p", "lm-muted",
        "Widths compare flows counted in the same unit only."));
    }
    box.body.appendChild(el("h2", null, "Line style"));
    [["", "modelled or observed route"], ["lm-dashed", "schematic: the path is not public"],
     ["lm-faded", "headline figure disputed or corrected"]].forEach(function (pair) {
      box.body.appendChild(append(el("div", "lm-row"),
        [el("span", "lm-swatch " + pair[0]), el("span", null, pair[1])]));
    });
    box.body.appendChild(append(el("div", "lm-row"),
      [el("span", "lm-arrow", "➤"), el("span", null, "direction of movement")]));
    box.body.appendChild(el("h2", null, "Places"));
    Object.keys(data.kinds).sort().forEach(function (kind) {
      var dot = el("span", "lm-swatch");
      dot.style.cssText = "width:10px;height:10px;border:1px solid #222;border-radius:50%;" +
        "background:" + data.kinds[kind].color;
      box.body.appendChild(append(el("div", "lm-row"), [dot, el("span", null, kind)]));
    });
    control("bottomright", box.box).addTo(this.map);
  };

  Runtime.prototype.sourcesPanel = function () {
    var box = panel("lm-sources", "Sources (" + this.sources.length + ")", true);
    var list = el("ol");
    this.sources.forEach(function (src, index) {
      var item = el("li", null, src.label + " ");
      item.id = "lm-source-" + (index + 1);
      var url = safeUrl(src.url);
      if (url) {
        var a = el("a", null, url);
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        item.appendChild(a);
      }
      if (src.stored) item.appendChild(el("span", "lm-muted", " (text stored; quotes checked)"));
      list.appendChild(item);
    });
    box.body.appendChild(list);
    this.sourcesBox = box.box;
    this.sourceList = list;
    control("bottomleft", box.box).addTo(this.map);
  };

  Runtime.prototype.showSource = function (number) {
    this.sourcesBox.classList.remove("lm-collapsed");
    Array.prototype.forEach.call(this.sourceList.children, function (item, index) {
      item.classList.toggle("lm-highlight", index + 1 === number);
    });
    var item = this.sourceList.children[number - 1];
    if (item && item.scrollIntoView) item.scrollIntoView({ block: "nearest" });
  };

  Runtime.prototype.titleBlock = function () {
    var box = el("div", "lm-panel lm-title");
    append(box, [el("h1", null, this.data.title),
      el("p", "lm-muted", "Data as of " + this.data.as_of),
      el("p", "lm-muted", this.data.description)]);
    L.DomEvent.disableClickPropagation(box);
    control("topleft", box).addTo(this.map);
  };

  Runtime.prototype.applyTime = function () {
    var filter = this.filter;
    this.layers.forEach(function (layer) {
      layer.legs.forEach(function (item) {
        var leg = item.leg, show = true;
        if (filter && leg.start) {
          var start = monthIndex(leg.start);
          var end = leg.end ? monthIndex(leg.end) : Infinity;
          show = filter.mode === "upto" ? start <= filter.month
            : start <= filter.month && end >= filter.month;
        }
        if (show !== item.shown) {
          item.shown = show;
          if (item.line) {
            if (show) layer.group.addLayer(item.line); else layer.group.removeLayer(item.line);
          }
        }
      });
      if (layer.group instanceof LegCanvas) layer.group.redraw();
    });
    this.drawArrows();
    this.notify();
  };

  Runtime.prototype.timeFilter = function () {
    var time = this.data.time;
    if (!time) return;
    var self = this;
    var box = panel("lm-time", "Time filter", false);
    var first = monthIndex(time.first), last = monthIndex(time.last);
    var enable = el("input");
    enable.type = "checkbox";
    var slider = el("input");
    slider.type = "range";
    slider.min = first;
    slider.max = last;
    slider.value = last;
    slider.disabled = true;
    var output = el("output", null, monthLabel(last));
    var mode = el("select");
    [["at", "moving in"], ["upto", "started by"]].forEach(function (pair) {
      var option = el("option", null, pair[1]);
      option.value = pair[0];
      mode.appendChild(option);
    });
    function update() {
      slider.disabled = !enable.checked;
      output.textContent = monthLabel(Number(slider.value));
      self.filter = enable.checked ? { month: Number(slider.value), mode: mode.value } : null;
      self.applyTime();
    }
    [enable, slider, mode].forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
    var label = el("label");
    append(label, [enable, el("span", null, " Show flows ")]);
    append(box.body, [append(el("div", "lm-row"), [label, mode]),
      append(el("div", "lm-row"), [slider, output]),
      el("p", "lm-muted", "Undated legs always show.")]);
    control("bottomleft", box.box).addTo(this.map);
    this.timeControls = { body: box.body, enable: enable, slider: slider, mode: mode };
  };

  window.logimapRender = function (map, data, basemap) {
    map.getContainer().classList.add("lm-map");
    data.basemap = basemap;
    var runtime = new Runtime(map, unpack(data));
    runtime.plugins = window.logimapPlugins || [];
    runtime.plugins.forEach(function (plugin) { if (plugin.prepare) plugin.prepare(runtime); });
    // The view first: lines are then projected once, at the zoom they are shown at.
    map.fitBounds(data.bounds, { paddingTopLeft: [40, 40], paddingBottomRight: [340, 40],
                                 animate: false });
    runtime.drawBasemap();
    runtime.drawLayers();
    runtime.drawNodes();
    runtime.drawLabels();
    runtime.titleBlock();
    runtime.layerControl();
    runtime.timeFilter();
    runtime.sourcesPanel();
    runtime.legend();
    L.control.scale({ imperial: false }).addTo(map);
    runtime.drawArrows();
    runtime.declutterLabels();
    runtime.plugins.forEach(function (plugin) { if (plugin.ready) plugin.ready(runtime); });
    map.getContainer().dataset.legsDrawn = String(data.legs.length);
    window.logimapRuntime = runtime;
    return runtime;
  };
})();
