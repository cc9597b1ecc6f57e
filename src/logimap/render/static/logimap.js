/* logimap map runtime.

   Draws a scenario from two JSON elements, its payload and its basemap: the offline basemap,
   one Leaflet layer per data layer (legs of several flows on one stretch side by side, see
   offsets.js) with the legs' schematic stretches (an approach from a port to the water, a
   stop off the network: short dashes), direction arrows, places on the copy of the world their lines reach, labels
   (labels.js), popups, and the panels (panels.js): title, layer control, legend (a flow can
   be put in focus from it), sources and time filter. The view, the layers shown, the time
   filter and the flow in focus are kept in the URL's hash, so a reader can share exactly
   what they see.

   Scripts loaded before it may draw some legs themselves, as logimap-tracks.js does for
   observed tracks: each entry of window.logimapPlugins may have prepare(runtime) (called
   before the legs are drawn; a leg it marks leg.external is left to it), ready(runtime)
   (after the first drawing) and update(runtime) (after the legs shown or their styles
   changed: a layer, the time filter, the flow in focus). */

var LEGEND_FLOWS = 25;  // flows the legend lists before it offers to show all
var VIEW_MARGIN_PX = 24;  // kept around the data in the first view
var FOCUS_MAX_ZOOM = 8;
var OVERLAYS = ["places", "names", "labels"];

function monthIndex(iso) {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

function monthLabel(index) {
  var year = Math.floor(index / 12), month = index % 12 + 1;
  return year + "-" + (month < 10 ? "0" : "") + month;
}

/* The payload with its tables unpacked: legs know their line and track (as numbers, not one
   object per point: a big page has hundreds of thousands) and their places. */
function unpack(data) {
  data.claims = rows(data.claims);
  data.nodes = rows(data.nodes);
  data.legs = rows(data.legs);
  decodeLines(data.legs, data.coord_scale);
  addTracks(data.legs);
  data.legs.forEach(function (leg) {
    leg.fromNode = data.nodes[leg.from];
    leg.toNode = data.nodes[leg.to];
    leg.stretches = [];
  });
  data.stretches = rows(data.stretches);
  decodeLines(data.stretches, data.coord_scale);
  data.stretches.forEach(function (stretch) {
    stretch.node = data.nodes[stretch.node];
    stretch.leg = data.legs[stretch.leg];
    stretch.leg.stretches.push(stretch);
  });
  return data;
}

function Runtime(map, data) {
  this.map = map;
  this.data = data;
  this.claims = data.claims;
  this.sources = data.sources;
  this.layers = [];
  this.items = [];
  this.filter = null;
  this.focused = null;
  this.overlays = { places: true, names: true, labels: true };
  // SVG keeps each line an element (styled by class); on a big page the legs are painted on
  // one canvas per layer (LegCanvas) and places and arrows on Leaflet's canvas.
  this.canvas = data.renderer === "canvas";
  this.renderer = this.canvas ? L.canvas({ padding: 0.1, tolerance: 4 })
    : L.svg({ padding: 0.5 });
  this.panels = new Panels(map);
  this.labels = new Labels(map, map.getContainer());
  this.offsets = new Offsets(map, this.items, function (item) { return item.flowIndex; });
  this.plugins = window.logimapPlugins || [];
}

/* A leg's places: "Rajin → Dunai" (short: their labels, else their names), each isolated. */
Runtime.prototype.legPlaces = function (leg, short) {
  var key = short ? "label" : "name";
  return append(el("span"), [datum(leg.fromNode[key]), " \u2192 ", datum(leg.toNode[key])]);
};

// -- the base map, legs and places ----------------------------------------------------------

Runtime.prototype.drawBasemap = function () {
  var base = this.data.basemap;
  this.map.createPane("lmBasemap").style.zIndex = 150;
  var style = { pane: "lmBasemap", interactive: false, renderer: L.svg({ pane: "lmBasemap" }) };
  // All land is one SVG path and all borders another: a few elements for the browser to lay
  // out, however detailed the coast.
  L.polygon(base.land.map(function (rings) { return rings.map(latLngs); }),
    L.extend({ stroke: false, fillColor: "#f4f1e8", fillOpacity: 1,
      attribution: this.data.attribution }, style)).addTo(this.map);
  L.polyline(base.borders.map(latLngs),
    L.extend({ color: "#9a8f7a", weight: 0.8, dashArray: "3 3" }, style)).addTo(this.map);
};

/* Each data layer's legs, as a canvas or a group of SVG lines, made before they are drawn. */
Runtime.prototype.makeLayers = function () {
  var self = this, data = this.data;
  data.layers.forEach(function (spec) {
    var layer = { spec: spec, on: true };
    layer.legs = spec.legs.map(function (index) {
      var leg = data.legs[index], flow = data.flows[leg.flow];
      var item = { leg: leg, flow: flow, flowIndex: leg.flow, layer: layer, shown: true,
                   style: legStyle(leg, flow, data.line, false), offset: null,
                   offsets: self.offsets };
      // a leg a plugin draws (leg.external) is not drawn here, nor offset from the others
      item.visible = function () { return item.shown && item.layer.on && !leg.external; };
      self.items.push(item);
      return item;
    });
    var own = layer.legs.filter(function (item) { return !item.leg.external; });
    layer.group = self.canvas ? new LegCanvas(own, self.offsets) : self.svgLegs(own);
    layer.schematic = self.stretchLines(own);
    // A canvas paints the arrow heads with its legs; SVG legs get a group of arrows.
    layer.arrows = self.canvas ? null : L.layerGroup();
    self.layers.push(layer);
  });
};

/* Draw the layers that are on. */
Runtime.prototype.addLayers = function () {
  var map = this.map;
  this.drawn = true;
  this.layers.forEach(function (layer) {
    if (!layer.on) return;
    [layer.group, layer.schematic, layer.arrows].filter(Boolean).forEach(function (part) {
      part.addTo(map);
    });
  });
  if (this.canvas) this.canvasEvents();
};

/* The schematic stretches of the legs of items, in one group sharing popup and tooltip:
   short dashes in their leg's colour (class lm-stretch lm-stretch-<kind>). */
Runtime.prototype.stretchLines = function (items) {
  var self = this, group = L.featureGroup(), dash = this.data.line.stretch_dash;
  items.forEach(function (item) {
    item.stretchLines = item.leg.stretches.map(function (stretch) {
      var line = L.polyline(latLngs(stretch.lonLats), L.extend(stretchStyle(item.style, dash), {
        renderer: self.renderer, lineCap: "butt",
        className: "lm-stretch lm-stretch-" + stretch.kind.replace(/_/g, "-")
      }));
      line.lmPopup = function () { return self.stretchPopup(stretch, item); };
      line.lmTooltip = function () {
        return append(el("span"), [STRETCH_WORDS[stretch.kind].name, " ",
                                   datum(stretch.node.name), " (schematic)"]);
      };
      group.addLayer(line);
      return line;
    });
  });
  this.delegate(group, true);
  return group;
};

/* What the popup and tooltip call each kind of schematic stretch, and what it is. */
var STRETCH_WORDS = {
  approach: { name: "Approach to", title: "approach",
              text: "a straight line from the place to the water its sea leg follows, not a " +
                    "route" },
  off_network: { name: "Off network at", title: "off network",
                 text: "a straight line from the place to the nearest point of the network " +
                       "its leg follows, farther than the place's precision allows; not a route" }
};

/* A stretch's style: its leg's colour and opacity, thinner, in short dashes. */
function stretchStyle(legStyle, dash) {
  return { color: legStyle.color, opacity: legStyle.opacity, dashArray: dash,
           weight: Math.max(1.5, legStyle.weight * 0.6) };
}

Runtime.prototype.stretchPopup = function (stretch, item) {
  var words = STRETCH_WORDS[stretch.kind];
  var box = el("div", "lm-popup");
  box.appendChild(datum(item.flow.name, "h3"));
  box.appendChild(facts([
    ["Leg", this.legPlaces(item.leg)], ["Stretch", words.title], ["Place", stretch.node.name],
    ["Length", stretch.length_km + " km"], ["Line", "schematic: " + words.text]
  ]));
  return box;
};

/* One SVG path per leg (class lm-leg lm-leg-<mode>), in a group sharing popup and tooltip. */
Runtime.prototype.svgLegs = function (items) {
  var self = this, group = L.featureGroup();
  items.forEach(function (item) {
    var line = new LegLine(latLngs(item.leg.lonLats), L.extend({
      renderer: self.renderer, className: "lm-leg lm-leg-" + item.leg.mode, lineCap: "butt"
    }, item.style));
    line.lmItem = item;
    line.lmPopup = function () { return self.legPopup(item.leg); };
    line.lmTooltip = function () { return self.legTooltip(item); };
    item.line = line;
    group.addLayer(line);
  });
  this.delegate(group, true);
  return group;
};

Runtime.prototype.legTooltip = function (item) {
  return append(el("span"), [datum(item.flow.name), " \u2014 ",
                             this.legPlaces(item.leg, true)]);
};

/* One popup and one tooltip for all the lines or places of a group: each member carries
   lmPopup and lmTooltip (functions making the popup's and the tooltip's content). */
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
    tooltip.setContent(layer.lmTooltip()).setLatLng(sticky ? e.latlng : layer.getLatLng());
    map.openTooltip(tooltip);
  });
  if (sticky) group.on("mousemove", function (e) { tooltip.setLatLng(e.latlng); });
  group.on("mouseout", function () { map.closeTooltip(tooltip); });
};

/* Popups and tooltips for legs painted on canvases: the leg nearest the pointer (of legs as
   near, the topmost). */
Runtime.prototype.canvasEvents = function () {
  var self = this, map = this.map, tooltip = L.tooltip({ sticky: true }), shownItem = null;
  function legAt(e) {
    if (e.originalEvent && e.originalEvent.lmHandled) return null;  // a place took it
    var best = null;
    for (var n = self.layers.length - 1; n >= 0; n--) {
      var layer = self.layers[n];
      var hit = layer.on ? layer.group.hit(e.containerPoint, 4) : null;
      if (hit && (!best || hit.distance < best.distance)) best = hit;
    }
    return best && best.item;
  }
  map.on("click", function (e) {
    var item = legAt(e);
    if (item) L.popup({ maxWidth: 440 }).setLatLng(e.latlng)
      .setContent(self.legPopup(item.leg)).openOn(map);
  });
  map.on("mousemove", function (e) {
    var item = legAt(e);
    map.getContainer().style.cursor = item ? "pointer" : "";
    if (!item) {
      map.closeTooltip(tooltip);
      shownItem = null;
      return;
    }
    if (item !== shownItem) tooltip.setContent(self.legTooltip(item));
    shownItem = item;
    tooltip.setLatLng(e.latlng);
    if (!map.hasLayer(tooltip)) map.openTooltip(tooltip);
  });
};

/* SVG pages: the arrow heads of the legs shown, one multi-part line per flow, weight and
   opacity in each layer, along each leg as drawn (offset or not). */
Runtime.prototype.drawArrows = function () {
  var self = this;
  if (this.canvas) return;
  var zoom = this.map.getZoom();
  function latLng(x, y) { return CRS.pointToLatLng(L.point(x, y), 0); }
  this.layers.forEach(function (layer) {
    layer.arrows.clearLayers();
    if (!layer.on) return;
    var groups = {};
    layer.legs.forEach(function (item) {
      if (!item.visible()) return;
      var heads = arrowHeads(drawnTrack(item, zoom), item.leg.width, zoom);
      if (!heads.length) return;
      var key = item.leg.flow + " " + item.leg.width + " " + item.style.opacity;
      if (!groups[key]) groups[key] = { item: item, heads: [] };
      for (var i = 0; i < heads.length; i += 6) {
        groups[key].heads.push([latLng(heads[i], heads[i + 1]),
          latLng(heads[i + 2], heads[i + 3]), latLng(heads[i + 4], heads[i + 5])]);
      }
    });
    Object.keys(groups).forEach(function (key) {
      var group = groups[key];
      layer.arrows.addLayer(L.polyline(group.heads, {
        renderer: self.renderer, color: group.item.flow.color,
        weight: arrowWeight(group.item.leg.width),
        opacity: Math.min(ARROW_OPACITY, group.item.style.opacity * 1.1), interactive: false,
        className: "lm-arrow-head"
      }));
    });
  });
};

/* The legs shown changed (a layer, the time filter, the flow in focus): offsets are laid
   again and redrawn. */
Runtime.prototype.refreshLegs = function () {
  this.offsets.invalidate();
  this.offsets.update();
  this.layers.forEach(function (layer) {
    if (layer.group instanceof LegCanvas) layer.group.redraw();
  });
  this.redrawOffsetLines();
  this.drawArrows();
  this.notify("update");
};

/* Call each plugin's hook of that name (prepare, ready, update) with the runtime. */
Runtime.prototype.notify = function (hook) {
  var self = this;
  this.plugins.forEach(function (plugin) { if (plugin[hook]) plugin[hook](self); });
};

/* SVG lines whose offset changed since they were projected are projected again. */
Runtime.prototype.redrawOffsetLines = function () {
  if (this.canvas) return;
  this.items.forEach(function (item) {
    if (item.line && item.line._map && item.line.lmDrawnOffset !== item.offset) {
      item.line.lmDrawnOffset = item.offset;
      item.line.redraw();
    }
  });
};

Runtime.prototype.drawNodes = function () {
  var self = this;
  this.places = L.featureGroup();
  this.markers = [];
  var byRank = this.data.nodes.map(function (node, index) { return index; })
    .filter(function (index) {
      var tier = self.data.nodes[index].tier;
      return tier !== null && tier !== undefined;
    })
    .sort(function (a, b) {
      var na = self.data.nodes[a], nb = self.data.nodes[b];
      return na.tier - nb.tier || nb.reach - na.reach || a - b;
    });
  this.data.nodes.forEach(function (node, index) {
    var style = self.data.kinds[node.kind] || { color: "#444", radius: 4 };
    node.copies.forEach(function (copy) {
      var at = L.latLng(node.lat, node.lon + 360 * copy);
      var marker = L.circleMarker(at, {
        renderer: self.renderer, radius: style.radius, color: "#222", weight: 1,
        fillColor: style.color, fillOpacity: 0.95, className: "lm-node lm-node-" + node.kind
      });
      marker.lmPopup = function () { return self.nodePopup(node); };
      marker.lmTooltip = function () { return datum(node.name); };
      self.places.addLayer(marker);
      self.markers.push({ at: at, radius: style.radius, owner: index, key: node.tier === 0 });
    });
  });
  byRank.forEach(function (index) {
    var node = self.data.nodes[index];
    var style = self.data.kinds[node.kind] || { radius: 4 };
    node.copies.forEach(function (copy) {
      self.labels.add({
        kind: "place", text: node.label, at: L.latLng(node.lat, node.lon + 360 * copy),
        radius: style.radius, owner: index,
        className: "lm-place" + (node.tier === 0 ? " lm-place-key" : ""),
        shown: function () { return self.overlays.places && self.overlays.names; }
      });
    });
  });
  this.delegate(this.places, false);
  if (this.overlays.places) this.places.addTo(this.map);
};

/* The volume labels, before the names of places: they carry the figures. Each sits halfway
   along its leg, or where it is free nearer either end. */
var LABEL_POSITIONS = [0.5, 0.38, 0.62, 0.26, 0.74];
Runtime.prototype.drawLabels = function () {
  var self = this;
  this.data.labels.forEach(function (label) {
    var leg = self.data.legs[label.leg];
    var more = null;
    self.labels.add({ kind: "volume", text: label.text, className: "lm-label",
                      at: pointAlong(leg, LABEL_POSITIONS[0]),
                      more: function () {
                        return more || (more = LABEL_POSITIONS.slice(1).map(function (f) {
                          return pointAlong(leg, f);
                        }));
                      },
                      shown: function () { return self.overlays.labels; } });
  });
};

Runtime.prototype.updateLabels = function () {
  this.labels.update(this.overlays.places ? this.markers : [], this.panels.boxes());
};

// -- popups ---------------------------------------------------------------------------------

Runtime.prototype.citation = function (number) {
  var self = this, src = this.sources[number - 1];
  var cite = button("lm-cite", "[" + number + "]", "Source " + number + ": " + src.label);
  cite.addEventListener("click", function () { self.showSource(number); });
  return cite;
};

/* A source as the popups cite it: its number, publisher, title and date, links to the
   publisher's page and to the copy its text was read from, and its note. */
Runtime.prototype.sourceLine = function (number) {
  var src = this.sources[number - 1];
  var line = el("div", "lm-muted lm-source-line");
  append(line, [this.citation(number), " ", datum(src.label)]);
  var url = safeUrl(src.url), copy = safeUrl(src.copy_url);
  if (url) append(line, [" ", link(url, "link")]);
  if (copy) append(line, [" ", link(copy, "copy read")]);
  if (src.note) append(line, [el("br"), el("span", "lm-source-note", "About this source: "),
                              datum(src.note)]);
  return line;
};

Runtime.prototype.claimBlock = function (id) {
  var claim = this.claims[id];
  var self = this;
  var box = el("div", "lm-claim");
  var head = el("div");
  append(head, [datum(claim.quantity || claim.what, "strong")]);
  if (claim.quantity) append(head, [" \u2014 ", datum(claim.what)]);
  box.appendChild(head);
  var meta = [];
  if (claim.period) meta.push("period " + claim.period);
  meta.push("status: " + claim.status);
  var status = el("div", "lm-muted lm-status-" + claim.status, meta.join(" \u00b7 "));
  append(box, [status, datum(claim.quote, "blockquote"), this.sourceLine(claim.source)]);
  if (claim.note) {
    var note = append(el("div", "lm-muted"), ["Note: ", datum(claim.note), " "]);
    claim.note_sources.forEach(function (n) { append(note, [self.citation(n), " "]); });
    box.appendChild(note);
  }
  return box;
};

/* A popup's facts: a list of terms and values, values from the data isolated. */
function facts(pairs) {
  var dl = el("dl");
  pairs.forEach(function (pair) {
    var value = pair[1];
    if (value === undefined || value === null || value === "") return;
    var dd = el("dd");
    dd.appendChild(typeof value === "string" ? datum(value) : value);
    append(dl, [el("dt", null, pair[0]), dd]);
  });
  return dl;
}

Runtime.prototype.legPopup = function (leg) {
  var flow = this.data.flows[leg.flow];
  var self = this;
  var box = el("div", "lm-popup");
  box.appendChild(datum(flow.name, "h3"));
  box.appendChild(facts([
    ["Direction", flow.direction], ["Cargo", flow.cargo], ["Leg", this.legPlaces(leg)],
    ["Mode", leg.mode], ["Period", leg.period_text || "not dated"],
    ["Length", leg.length_km + " km" + (leg.detour ? ", " + leg.detour : "")],
    ["Through", leg.passages],
    ["Line", append(el("span"), [leg.basis, leg.basis_note ? ": " : "",
                                 leg.basis_note ? datum(leg.basis_note) : null])]
  ]));
  if (leg.sources.length) {  // each with its label, links and note, as a claim's source
    var routeSources = el("div", "lm-route-sources", "Route reported by:");
    leg.sources.forEach(function (n) { routeSources.appendChild(self.sourceLine(n)); });
    box.appendChild(routeSources);
  }
  if (flow.note) box.appendChild(datum(flow.note, "p", "lm-muted"));
  leg.claims.forEach(function (id) { box.appendChild(self.claimBlock(id)); });
  return box;
};

Runtime.prototype.nodePopup = function (node) {
  var self = this;
  var box = el("div", "lm-popup");
  box.appendChild(datum(node.name, "h3"));
  box.appendChild(facts([
    ["Kind", node.kind.replace(/_/g, " ")], ["Country", node.country],
    ["Coordinate", node.lat + ", " + node.lon], ["Precision", node.precision],
    ["Basis", node.basis], ["Note", node.note]
  ]));
  if (node.sources.length) {
    var placeSources = el("div", "lm-muted", "Basis and note from: ");
    node.sources.forEach(function (n) { append(placeSources, [self.citation(n), " "]); });
    box.appendChild(placeSources);
  }
  node.claims.forEach(function (id) { box.appendChild(self.claimBlock(id)); });
  return box;
};

// -- panels ---------------------------------------------------------------------------------

Runtime.prototype.titleBlock = function () {
  var panel = this.panels.add("topleft", { key: "title", title: this.data.title, heading: "h1",
                                           open: true });
  if (this.data.subtitle) panel.body.appendChild(datum(this.data.subtitle, "p", "lm-subtitle"));
  append(panel.body, [el("p", "lm-muted", "Data as of " + this.data.as_of),
                      datum(this.data.description, "p", "lm-description")]);
  // First in the corner, above the zoom buttons: the first thing a reader meets.
  panel.box.parentNode.insertBefore(panel.box, panel.box.parentNode.firstChild);
  this.titlePanel = panel;
};

function checkbox(text, checked, onChange) {
  var label = el("label", "lm-row"), box = el("input");
  box.type = "checkbox";
  box.checked = checked;
  box.addEventListener("change", function () { onChange(box.checked); });
  return { row: append(label, [box, datum(text)]), input: box };
}

function fieldset(legend) {
  return append(el("fieldset"), [append(el("legend"), [datum(legend)])]);
}

Runtime.prototype.layerControl = function () {
  var self = this, map = this.map;
  var panel = this.panels.add("topright", { key: "layers", title: "Layers",
                                            open: map.getSize().y >= 1200 });
  var groups = {};
  this.layers.forEach(function (layer) {
    var name = layer.spec.group || "Layers";
    if (!groups[name]) groups[name] = panel.body.appendChild(fieldset(name));
    var box = checkbox(layer.spec.title + " (" + layer.legs.length + ")", true,
      function (on) { self.setLayer(layer, on); });
    box.row.dataset.layer = layer.spec.id;
    layer.input = box.input;
    groups[name].appendChild(box.row);
  });
  var overlays = panel.body.appendChild(fieldset("Overlays"));
  this.overlayInputs = {};
  [["places", "Places"], ["names", "Place names"], ["labels", "Volume labels"]]
    .forEach(function (pair) {
      var box = checkbox(pair[1], true, function (on) { self.setOverlay(pair[0], on); });
      box.row.dataset.overlay = pair[0];
      self.overlayInputs[pair[0]] = box.input;
      overlays.appendChild(box.row);
    });
  var bases = panel.body.appendChild(fieldset("Base map"));
  var tiles = {}, current = null, name = uniqueId("lm-base");
  [{ id: "offline", name: "Natural Earth (offline)" }].concat(this.data.tiles)
    .forEach(function (tile, index) {
      var label = el("label", "lm-row"), radio = el("input");
      radio.type = "radio";
      radio.name = name;
      radio.checked = index === 0;
      radio.addEventListener("change", function () {
        if (current) map.removeLayer(current);
        current = null;
        if (tile.url) {
          tiles[tile.id] = tiles[tile.id] || L.tileLayer(tile.url, {
            attribution: tile.attribution, maxZoom: tile.max_zoom || 18 });
          current = tiles[tile.id].addTo(map);
        }
      });
      bases.appendChild(append(label, [radio, tile.name]));
    });
  bases.appendChild(el("p", "lm-muted",
    "Tile maps need a network connection; the offline base map does not."));
};

Runtime.prototype.setLayer = function (layer, on) {
  var map = this.map;
  layer.on = on;
  if (layer.input) layer.input.checked = on;
  if (this.drawn) {
    [layer.group, layer.schematic, layer.arrows].filter(Boolean).forEach(function (part) {
      if (on) part.addTo(map); else map.removeLayer(part);
    });
  }
  this.refreshLegs();
  this.writeHash();
};

Runtime.prototype.setOverlay = function (key, on) {
  this.overlays[key] = on;
  if (this.overlayInputs) this.overlayInputs[key].checked = on;
  if (key === "places" && this.places) {
    if (on) this.places.addTo(this.map); else this.map.removeLayer(this.places);
  }
  if (this.drawn) this.updateLabels();
  this.writeHash();
};

/* Each flow's colour under its direction, as a button that puts the flow in focus; past
   limit flows, a button lists the rest (laying out thousands of rows nobody reads would
   slow the page's first paint). */
Runtime.prototype.flowRows = function (container, limit) {
  var self = this, flows = this.data.flows, byDirection = {}, ordered = [], direction = null;
  this.flowButtons = {};
  flows.forEach(function (flow, index) {
    (byDirection[flow.direction] = byDirection[flow.direction] || []).push(index);
  });
  Object.keys(byDirection).sort().forEach(function (key) {
    ordered.push.apply(ordered, byDirection[key]);
  });
  var list = null;
  function add(index) {
    var flow = flows[index];
    if (flow.direction !== direction) {
      direction = flow.direction;
      container.appendChild(datum(direction, "h3"));
      list = container.appendChild(el("ul", "lm-flows"));
    }
    var swatch = el("span", "lm-swatch");
    swatch.style.borderTopColor = flow.color;
    var row = button("lm-row lm-flow");
    row.setAttribute("aria-pressed", String(self.focused === index));
    append(row, [swatch, datum(flow.name)]);
    row.addEventListener("click", function () { self.toggleFocus(index); });
    self.flowButtons[index] = row;
    list.appendChild(append(el("li"), [row]));
  }
  ordered.slice(0, limit).forEach(add);
  if (ordered.length <= limit) return;
  var more = button("lm-more", "Show all " + ordered.length + " flows");
  more.addEventListener("click", function () {
    container.removeChild(more);
    ordered.slice(limit).forEach(add);
    self.panels.fit();
  });
  container.appendChild(more);
};

Runtime.prototype.widthLegend = function (body) {
  var data = this.data, flows = data.flows, standard = data.line.default_width;
  if (!data.widths.length) return;
  body.appendChild(el("h3", null, "Line width"));
  function row(sample) {
    var swatch = el("span", "lm-swatch");
    swatch.style.borderTopWidth = sample.width + "px";
    return append(el("li", "lm-row"), [swatch, append(el("span"), [
      datum(flows[sample.flow].name), ": ", datum(sample.text)])]);
  }
  var compared = data.widths.filter(function (unit) { return unit.compared; });
  var alone = data.widths.filter(function (unit) { return !unit.compared; });
  if (compared.length) {
    body.appendChild(el("p", "lm-muted",
      "Wider means more, among flows counted in the same unit; never across units."));
    compared.forEach(function (unit) {
      body.appendChild(datum(unit.unit, "div", "lm-unit"));
      body.appendChild(append(el("ul", "lm-widths"), unit.samples.map(row)));
    });
  }
  if (alone.length) {
    body.appendChild(el("p", "lm-muted", compared.length
      ? "Alone in their unit, so not compared, drawn at the standard width:"
      : "Each figure here is alone in its unit, so no width compares them: every line " +
        "has the standard width; the labels give the figures."));
    var swatchWidth = function (sample) { return L.extend({}, sample, { width: standard }); };
    body.appendChild(append(el("ul", "lm-widths"), alone.map(function (unit) {
      return row(swatchWidth(unit.samples[0]));
    })));
  }
};

Runtime.prototype.legend = function () {
  var data = this.data;
  var panel = this.panels.add("bottomright", { key: "legend", title: "Legend", open: true });
  var body = panel.body;
  body.appendChild(el("p", "lm-muted lm-hint",
    "Select a flow to show it alone; select it again, or press Escape, to show all."));
  this.flowRows(body.appendChild(el("div")), LEGEND_FLOWS);
  if (data.shade_note) body.appendChild(el("p", "lm-muted", data.shade_note));
  this.widthLegend(body);
  body.appendChild(el("h3", null, "Line style"));
  var styles = append(el("ul", "lm-styles"), [["", "modelled or observed route"],
    ["lm-dashed", "schematic: the path is not public"],
    ["lm-dotted", "schematic stretch: approach to the water, or off the network"],
    ["lm-faded", "headline figure disputed or corrected"]].map(function (pair) {
      return append(el("li", "lm-row"), [el("span", "lm-swatch " + pair[0]),
                                         el("span", null, pair[1])]);
    }));
  styles.appendChild(append(el("li", "lm-row"),
    [el("span", "lm-arrow", "\u27a4"), el("span", null, "direction of movement")]));
  styles.appendChild(append(el("li", "lm-row"), [el("span", "lm-swatch lm-pair"),
    el("span", null, "flows sharing a route, drawn side by side")]));
  body.appendChild(styles);
  body.appendChild(el("h3", null, "Places"));
  body.appendChild(append(el("ul", "lm-kinds"), Object.keys(data.kinds).sort().map(
    function (kind) {
      var dot = el("span", "lm-dot");
      dot.style.background = data.kinds[kind].color;
      return append(el("li", "lm-row"), [dot, el("span", null, kind.replace(/_/g, " "))]);
    })));
};

Runtime.prototype.sourcesPanel = function () {
  if (!this.sources.length) return;
  var panel = this.panels.add("bottomleft", { key: "sources",
                                              title: "Sources (" + this.sources.length + ")",
                                              open: false });
  var list = el("ol");
  this.sources.forEach(function (src, index) {
    var item = el("li");
    item.id = uniqueId("lm-source-" + (index + 1));
    item.appendChild(datum(src.label));
    var url = safeUrl(src.url);
    if (url) append(item, [" ", link(url, url)]);
    if (src.stored) item.appendChild(el("span", "lm-muted", " (text stored; quotes checked)"));
    var copy = safeUrl(src.copy_url);
    if (copy) {
      item.appendChild(append(el("div", "lm-muted lm-source-copy"), [
        "Read from a copy: ", link(copy, copy),
        src.accessed ? ", on " : "", src.accessed ? datum(src.accessed) : "",
        url ? "" : "; the publisher's own address is not known"]));
    }
    if (src.note) {
      item.appendChild(append(el("div", "lm-muted lm-source-note"),
                              ["About this source: ", datum(src.note)]));
    }
    list.appendChild(item);
  });
  panel.body.appendChild(list);
  this.sourcesPanelRef = panel;
  this.sourceList = list;
};

Runtime.prototype.showSource = function (number) {
  this.panels.setOpen(this.sourcesPanelRef, true, false);
  Array.prototype.forEach.call(this.sourceList.children, function (item, index) {
    item.classList.toggle("lm-highlight", index + 1 === number);
  });
  var item = this.sourceList.children[number - 1];
  if (item && item.scrollIntoView) item.scrollIntoView({ block: "nearest" });
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
        (item.stretchLines || []).forEach(function (line) {
          if (show) layer.schematic.addLayer(line); else layer.schematic.removeLayer(line);
        });
      }
    });
  });
  this.refreshLegs();
};

Runtime.prototype.timeFilter = function () {
  var time = this.data.time;
  if (!time) return;
  var self = this, map = this.map;
  var panel = this.panels.add("bottomleft", { key: "time", title: "Time filter",
                                              open: map.getSize().y >= 1000 });
  var first = monthIndex(time.first), last = monthIndex(time.last);
  var enable = el("input");
  enable.type = "checkbox";
  var mode = el("select");
  mode.id = uniqueId("lm-time-mode");
  [["at", "moving in"], ["upto", "started by"]].forEach(function (pair) {
    var option = el("option", null, pair[1]);
    option.value = pair[0];
    mode.appendChild(option);
  });
  var slider = el("input");
  slider.type = "range";
  slider.id = uniqueId("lm-time-month");
  slider.min = first;
  slider.max = last;
  slider.value = last;
  slider.disabled = true;
  var output = el("output", null, monthLabel(last));
  output.htmlFor = slider.id;
  function update() {
    slider.disabled = !enable.checked;
    output.textContent = monthLabel(Number(slider.value));
    slider.setAttribute("aria-valuetext", output.textContent);
    self.filter = enable.checked ? { month: Number(slider.value), mode: mode.value } : null;
    self.applyTime();
    self.writeHash();
  }
  [enable, slider, mode].forEach(function (input) {
    input.addEventListener("input", update);
    input.addEventListener("change", update);
  });
  var modeLabel = el("label", null, "Show flows ");
  modeLabel.htmlFor = mode.id;
  var monthName = el("label", null, "Month");
  monthName.htmlFor = slider.id;
  append(panel.body, [append(el("label", "lm-row"), [enable, "Filter by month"]),
    append(el("div", "lm-row"), [modeLabel, mode]),
    append(el("div", "lm-row"), [monthName, slider, output]),
    el("p", "lm-muted", "Undated legs always show.")]);
  this.time = { body: panel.body, enable: enable, slider: slider, mode: mode, update: update };
};

// -- a flow in focus ------------------------------------------------------------------------

Runtime.prototype.toggleFocus = function (index) {
  if (this.focused === index) this.unfocus(); else this.focus(index, true);
};

/* Put a flow in focus: its legs drawn, the others dimmed; move (zoom) to its legs. */
Runtime.prototype.focus = function (index, move) {
  var map = this.map;
  if (this.focused === null) this.beforeFocus = { center: map.getCenter(), zoom: map.getZoom() };
  this.focused = index;
  this.restyle();
  if (move) {
    var bounds = L.latLngBounds([]);
    this.items.forEach(function (item) {
      if (item.flowIndex === index) bounds.extend(CRS.pointToLatLng(item.leg.track.box.min, 0))
        .extend(CRS.pointToLatLng(item.leg.track.box.max, 0));
    });
    if (bounds.isValid()) this.fitInFreeArea(bounds, FOCUS_MAX_ZOOM);
  }
  this.writeHash();
};

Runtime.prototype.unfocus = function () {
  if (this.focused === null) return false;
  this.focused = null;
  this.restyle();
  if (this.beforeFocus) {
    this.map.setView(this.beforeFocus.center, this.beforeFocus.zoom, { animate: false });
  }
  this.beforeFocus = null;
  this.writeHash();
  return true;
};

Runtime.prototype.restyle = function () {
  var self = this, data = this.data;
  this.items.forEach(function (item) {
    var dimmed = self.focused !== null && item.flowIndex !== self.focused;
    item.style = legStyle(item.leg, item.flow, data.line, dimmed);
    if (item.line) {
      item.line.setStyle(item.style);
      if (!dimmed && self.focused !== null && item.line._map) item.line.bringToFront();
    }
    (item.stretchLines || []).forEach(function (line) {
      line.setStyle(stretchStyle(item.style, data.line.stretch_dash));
    });
  });
  Object.keys(this.flowButtons).forEach(function (index) {
    self.flowButtons[index].setAttribute("aria-pressed", String(Number(index) === self.focused));
  });
  this.map.getContainer().classList.toggle("lm-focused", this.focused !== null);
  this.refreshLegs();
};

// -- the view -------------------------------------------------------------------------------

/* Show bounds as large as it fits in the part of the map no panel covers. */
Runtime.prototype.fitInFreeArea = function (bounds, maxZoom) {
  var map = this.map, size = map.getSize(), area = this.panels.freeArea(bounds);
  var m = VIEW_MARGIN_PX;
  map.fitBounds(bounds, { paddingTopLeft: [area.left + m, area.top + m],
                          paddingBottomRight: [size.x - area.right + m, size.y - area.bottom + m],
                          maxZoom: maxZoom, animate: false });
};

/* Keep the view on the base map: no zooming out farther than it fills the map (nor farther
   than the first view, which shows all the data), and a view moved past it comes back, so
   that no edge of the land stays in view. While a popup is open the map may stay past it,
   for the popup to show itself whole (on a phone it may need to); it comes back when the
   popup closes. */
Runtime.prototype.limitView = function () {
  var extent = this.data.basemap.extent, map = this.map, self = this, held = false;
  var covered = L.latLngBounds([extent[1], extent[0]], [extent[3], extent[2]]);
  var limit = function () {
    map.setMinZoom(Math.min(map.getBoundsZoom(covered, true), self.firstZoom));
  };
  var inside = function () { if (!held) map.panInsideBounds(covered, { animate: false }); };
  this.firstZoom = map.getZoom();
  limit();
  inside();
  map.on("resize", limit);
  map.on("moveend", inside);
  // a popup pans the map to show itself ("autopanstart") before it says it is open
  map.on("autopanstart popupopen", function () { held = true; });
  map.on("popupclose", function () { held = false; inside(); });
};

/* The state a reader shares: view, layers and overlays shown, time filter, flow in focus. */
Runtime.prototype.hashState = function () {
  var map = this.map, c = map.getCenter(), parts = [];
  parts.push("view=" + [Math.round(map.getZoom() * 100) / 100, c.lat.toFixed(4),
                        c.lng.toFixed(4)].join("/"));
  var on = this.layers.filter(function (layer) { return layer.on; });
  if (on.length !== this.layers.length) {
    parts.push("layers=" + on.map(function (layer) {
      return encodeURIComponent(layer.spec.id);
    }).join(","));
  }
  var overlays = this.overlays;
  var shown = OVERLAYS.filter(function (key) { return overlays[key]; });
  if (shown.length !== OVERLAYS.length) parts.push("overlays=" + shown.join(","));
  if (this.filter) parts.push("time=" + this.filter.mode + ":" + monthLabel(this.filter.month));
  if (this.focused !== null) {
    parts.push("flow=" + encodeURIComponent(this.data.flows[this.focused].id));
  }
  return parts.join("&");
};

Runtime.prototype.writeHash = function () {
  if (!this.ready) return;
  var hash = "#" + this.hashState();
  if (hash === window.location.hash) return;
  this.writtenHash = hash;
  try {
    window.history.replaceState(null, "", hash);
  } catch (error) {
    window.location.replace(hash);
  }
};

function parseHash(hash) {
  var state = {};
  hash.replace(/^#/, "").split("&").forEach(function (part) {
    var at = part.indexOf("=");
    if (at > 0) state[part.slice(0, at)] = part.slice(at + 1);
  });
  return state;
}

/* Apply a hash's state; true when it set the view. */
Runtime.prototype.applyHash = function (hash) {
  var self = this, state = parseHash(hash), viewSet = false;
  if (state.layers !== undefined) {
    var ids = state.layers.split(",").map(decodeURIComponent);
    this.layers.forEach(function (layer) {
      var on = ids.indexOf(layer.spec.id) >= 0;
      if (on !== layer.on) self.setLayer(layer, on);
    });
  }
  if (state.overlays !== undefined) {
    var shown = state.overlays.split(",");
    OVERLAYS.forEach(function (key) {
      var on = shown.indexOf(key) >= 0;
      if (on !== self.overlays[key]) self.setOverlay(key, on);
    });
  }
  var time = /^(at|upto):(\d{4})-(\d{2})$/.exec(state.time || "");
  if (time && this.time) {
    this.time.enable.checked = true;
    this.time.mode.value = time[1];
    this.time.slider.value = Number(time[2]) * 12 + Number(time[3]) - 1;
    this.time.update();
  }
  var view = /^(-?[\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(state.view || "");
  if (view) {
    this.map.setView([Number(view[2]), Number(view[3])], Number(view[1]), { animate: false });
    viewSet = true;
  }
  if (state.flow !== undefined) {
    var id = decodeURIComponent(state.flow);
    var index = this.data.flows.findIndex(function (flow) { return flow.id === id; });
    if (index >= 0 && index !== this.focused) this.focus(index, !viewSet);
    viewSet = viewSet || index >= 0;
  } else if (this.focused !== null) {
    this.focused = null;
    this.restyle();
  }
  return viewSet;
};

Runtime.prototype.keyboard = function () {
  var self = this;
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var handled = self.panels.narrow && self.panels.escape(e.target);
    if (!handled) handled = self.unfocus();
    if (!handled) handled = self.panels.escape(e.target);
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
};

window.logimapRender = function (map, data, basemap) {
  map.getContainer().classList.add("lm-map");
  // The map is the page: its main landmark, holding the panels' regions.
  map.getContainer().setAttribute("role", "main");
  map.getContainer().setAttribute("aria-label", "Map: " + data.title);
  map.options.zoomSnap = 0.25;
  if (map.zoomControl) map.zoomControl.setPosition("bottomright");
  data.basemap = basemap;
  var runtime = new Runtime(map, unpack(data));
  window.logimapRuntime = runtime;
  runtime.notify("prepare");
  // The panels first, so that the first view keeps the data out from under them; then the
  // lines, projected once, at the zoom they are shown at.
  runtime.makeLayers();
  runtime.titleBlock();
  runtime.layerControl();
  L.control.scale({ imperial: false }).addTo(map);
  runtime.timeFilter();
  runtime.sourcesPanel();
  runtime.legend();
  runtime.panels.fit();
  if (!runtime.applyHash(window.location.hash)) runtime.fitInFreeArea(L.latLngBounds(data.bounds));
  runtime.limitView();
  runtime.offsets.start();  // before the legs are drawn, so that they are drawn once
  runtime.drawBasemap();
  runtime.addLayers();
  runtime.drawArrows();
  runtime.drawLabels();
  runtime.drawNodes();
  runtime.updateLabels();
  runtime.notify("ready");
  map.on("moveend", function () {
    runtime.offsets.update();
    runtime.redrawOffsetLines();
    runtime.drawArrows();
    runtime.updateLabels();
    runtime.writeHash();
  });
  window.addEventListener("hashchange", function () {
    if (window.location.hash !== runtime.writtenHash) runtime.applyHash(window.location.hash);
  });
  runtime.keyboard();
  runtime.panels.changed = function () { runtime.updateLabels(); };
  runtime.ready = true;
  runtime.writeHash();
  map.getContainer().dataset.legsDrawn = String(data.legs.length);
  return runtime;
};
