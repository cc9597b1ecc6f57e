/* Labels on the map, decluttered: the volume labels of the flows first (those on longer legs
   first), then the names of places by their tier (style.label_tier: key places and places
   claims are about, then where legs start or end, then the rest), the places more legs
   reach first. Each label is shown where it covers no label shown before it; a place's name
   is tried right of its marker, then left, above and below, and covers no other place's
   marker (a place whose marker is under a label shown before it is not named); a volume
   label covers no key place's marker (tier 0). Zooming in, as places draw apart, names more
   of them. Only the labels shown and in view are elements on the page. */

var LABEL_GAP_PX = 2;    // added around each label's box, so shown labels never touch
var NAME_OFFSET_PX = 3;  // between a marker's edge and its name
var GRID_PX = 64;

function Labels(map, container) {
  this.map = map;
  this.items = [];
  this.layer = L.layerGroup().addTo(map);
  this.measures = {};
  this.container = container;
}

/* What a label's box is measured with: its text on a canvas, so that no element is laid
   out; one real label of the class, measured once, gives the font and what padding and
   border add. */
Labels.prototype.measure = function (className) {
  if (this.measures[className]) return this.measures[className];
  var probe = el("span", className, "0");
  this.container.appendChild(probe);
  var style = getComputedStyle(probe), box = probe.getBoundingClientRect();
  var context = document.createElement("canvas").getContext("2d");
  context.font = style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " +
    style.fontFamily;
  probe.remove();
  this.measures[className] = {
    context: context, height: box.height,
    extra: box.width - context.measureText("0").width
  };
  return this.measures[className];
};

/* Add a label: text at the first of its points (at: a LatLng, and more() the others, in
   order of preference, asked for only when the first is taken); kind "volume" (centred on
   its line) or "place" (beside a marker of radius px; owner, the place, whose marker it
   may cover); className its look; shown() whether its layer is on. Labels are tried in the
   order added; a label's size is measured the first time it comes into view. */
Labels.prototype.add = function (options) {
  options.size = null;
  options.marker = null;
  this.items.push(options);
};

Labels.prototype.sizeOf = function (item) {
  if (!item.size) {
    var measure = this.measure(item.className);
    item.size = { w: measure.context.measureText(item.text).width + measure.extra,
                  h: measure.height };
  }
  return item.size;
};

/* The boxes a label may take around a point, as offsets from it, in order of preference: a
   volume label centred on it, a place's name beside it. */
function offsetsFor(item) {
  var w = item.size.w, h = item.size.h, r = item.radius + NAME_OFFSET_PX;
  return item.kind === "volume" ? [{ x: -w / 2, y: -h / 2 }]
    : [{ x: r, y: -h / 2 }, { x: -r - w, y: -h / 2 }, { x: -w / 2, y: -r - h },
       { x: -w / 2, y: r }];
}

function BoxGrid() {
  this.cells = new Map();
}

BoxGrid.prototype.keys = function (box, visit) {
  for (var x = Math.floor(box.left / GRID_PX); x <= Math.floor(box.right / GRID_PX); x++) {
    for (var y = Math.floor(box.top / GRID_PX); y <= Math.floor(box.bottom / GRID_PX); y++) {
      if (visit(x * 65536 + y) === false) return false;
    }
  }
  return true;
};

BoxGrid.prototype.add = function (box) {
  var cells = this.cells;
  this.keys(box, function (key) {
    var list = cells.get(key);
    if (list) list.push(box); else cells.set(key, [box]);
  });
};

/* True when box overlaps a box of the grid other than those owned by owner (keyOnly: a box
   marked key). */
BoxGrid.prototype.hits = function (box, owner, keyOnly) {
  var cells = this.cells;
  return !this.keys(box, function (key) {
    var list = cells.get(key);
    if (!list) return true;
    for (var i = 0; i < list.length; i++) {
      var other = list[i];
      if ((other.owner !== undefined && other.owner === owner) || (keyOnly && !other.key)) {
        continue;
      }
      if (box.left < other.right && other.left < box.right &&
          box.top < other.bottom && other.top < box.bottom) return false;
    }
    return true;
  });
};

/* Place the labels for the view shown. markers: the places' markers shown ({at, radius,
   owner, key}), which names must not cover, nor volume labels the key places' (key); panels:
   the boxes of the panels over the map (in container pixels), which no label goes under. */
Labels.prototype.update = function (markers, panels) {
  var map = this.map, size = map.getSize(), placed = new BoxGrid(), blocked = new BoxGrid();
  var self = this;
  panels.forEach(function (box) { placed.add(box); });
  markers.forEach(function (marker) {
    var p = map.latLngToContainerPoint(marker.at), r = marker.radius;
    if (p.x < -r || p.y < -r || p.x > size.x + r || p.y > size.y + r) return;
    blocked.add({ left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r,
                  owner: marker.owner, key: marker.key });
  });
  var reach = 400;  // a label whose point is farther out of view than this is not in it
  this.items.forEach(function (item) {
    var chosen = null, first = item.shown() && map.latLngToContainerPoint(item.at);
    // A place whose marker lies under a label already shown is not named beside it.
    if (first && first.x > -reach && first.y > -reach && first.x < size.x + reach &&
        first.y < size.y + reach && !(item.kind === "place" && placed.hits(
          { left: first.x - 1, top: first.y - 1, right: first.x + 1, bottom: first.y + 1 }))) {
      self.sizeOf(item);
      var offsets = offsetsFor(item), points = [item.at];
      if (item.more) points = points.concat(item.more());
      for (var n = 0; n < points.length && !chosen; n++) {
        var p = n ? map.latLngToContainerPoint(points[n]) : first;
        for (var i = 0; i < offsets.length && !chosen; i++) {
          var c = offsets[i];
          var box = { left: p.x + c.x - LABEL_GAP_PX, top: p.y + c.y - LABEL_GAP_PX,
                      right: p.x + c.x + item.size.w + LABEL_GAP_PX,
                      bottom: p.y + c.y + item.size.h + LABEL_GAP_PX };
          if (box.left < 0 || box.top < 0 || box.right > size.x || box.bottom > size.y ||
              placed.hits(box) || blocked.hits(box, item.owner, item.kind === "volume")) {
            continue;
          }
          placed.add(box);
          chosen = { at: points[n], x: c.x, y: c.y };
        }
      }
    }
    self.show(item, chosen);
  });
};

/* Show a label at the offset chosen from its point (null: hide it). */
Labels.prototype.show = function (item, chosen) {
  if (!chosen) {
    if (item.marker) {
      this.layer.removeLayer(item.marker);
      item.marker = null;
    }
    return;
  }
  if (!item.marker) {
    var span = datum(item.text, "span", item.className);
    item.span = span;
    item.marker = L.marker(chosen.at, {
      icon: L.divIcon({ className: "lm-label-anchor", iconSize: null, html: span }),
      interactive: false, keyboard: false
    }).addTo(this.layer);
  } else if (!item.marker.getLatLng().equals(chosen.at)) {
    item.marker.setLatLng(chosen.at);
  }
  item.span.style.left = chosen.x + "px";
  item.span.style.top = chosen.y + "px";
};
