/* The panels around the map (title, layers, legend, time filter, sources): each a region
   named by its heading, whose heading is a button that opens and closes it. On a narrow
   screen (NARROW_PX) every panel starts closed, as a small button, and opens one at a time
   over the bottom of the map, with a button to close it; Escape closes the panel holding
   the focus (or the one open) and gives the focus back to its button. A screen is narrow
   when it is less than NARROW_PX wide or SHORT_PX high (a phone held either way, a tablet
   upright): there, open panels would leave too little of the map. */

var NARROW_PX = 820;
var SHORT_PX = 520;

/* changed: called after a panel opens or closes. */
function Panels(map) {
  this.map = map;
  this.changed = null;
  this.list = [];
  this.narrow = false;
  var self = this;
  this.resize();
  map.on("resize", function () {
    self.resize();
    self.fit();
  });
  var attribution = map.getContainer().querySelector(".leaflet-control-attribution");
  if (attribution && window.ResizeObserver) {
    new ResizeObserver(function () { self.liftOverAttribution(); }).observe(attribution);
  }
}

/* A panel in a corner of the map ("topleft"...). options: key (its class, lm-<key>),
   title, heading ("h1" or "h2"), open (on a wide screen, at first). Returns the panel;
   fill panel.body. */
Panels.prototype.add = function (position, options) {
  var self = this, id = uniqueId("lm-" + options.key);
  var box = el("section", "lm-panel lm-" + options.key);
  var heading = el(options.heading || "h2", "lm-panel-head");
  var toggle = button("lm-toggle");
  toggle.id = id + "-title";
  toggle.setAttribute("aria-controls", id + "-body");
  var chevron = el("span", "lm-chevron");
  chevron.setAttribute("aria-hidden", "true");  // aria-expanded says it
  append(toggle, [datum(options.title, "span", "lm-toggle-text"), chevron]);
  heading.appendChild(toggle);
  var body = el("div", "lm-body");
  body.id = id + "-body";
  body.tabIndex = 0;  // a panel that scrolls can be scrolled from the keyboard
  body.setAttribute("role", "group");
  body.setAttribute("aria-labelledby", toggle.id);
  var close = button("lm-close", "\u00d7", "Close " + options.title);
  body.appendChild(close);
  box.setAttribute("aria-labelledby", toggle.id);
  append(box, [heading, body]);
  var panel = { key: options.key, box: box, toggle: toggle, body: body, wideOpen: options.open };
  toggle.addEventListener("click", function () { self.setOpen(panel, !panel.open, true); });
  close.addEventListener("click", function () { self.setOpen(panel, false, true); });
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  var ctl = L.control({ position: position });
  ctl.onAdd = function () { return box; };
  ctl.addTo(this.map);
  this.list.push(panel);
  this.setOpen(panel, this.narrow ? false : Boolean(options.open), false);
  return panel;
};

/* Open or close a panel; on a narrow screen, opening one closes the others. moveFocus: the
   reader did it, so the focus follows (into the panel opened, back to the button). */
Panels.prototype.setOpen = function (panel, open, moveFocus) {
  if (open && this.narrow) {
    this.list.forEach(function (other) {
      if (other !== panel && other.open) this.setOpen(other, false, false);
    }, this);
  }
  panel.open = open;
  panel.box.classList.toggle("lm-collapsed", !open);
  panel.toggle.setAttribute("aria-expanded", String(open));
  this.fit();
  if (this.changed) this.changed();
  if (!moveFocus) return;
  if (open && this.narrow) panel.body.focus({ preventScroll: true });
  if (!open && panel.box.contains(document.activeElement)) panel.toggle.focus();
};

/* On a wide screen, the open panels of each side of the map share its height: each gets the
   height it needs, or an equal share of what the side has left (and scrolls). */
Panels.prototype.fit = function () {
  var height = this.map.getSize().y, narrow = this.narrow;
  ["left", "right"].forEach(function (side) {
    var open = this.list.filter(function (panel) {
      return panel.open && panel.box.parentNode &&
        panel.box.parentNode.classList.contains("leaflet-" + side);
    });
    open.forEach(function (panel) { panel.body.style.maxHeight = ""; });
    if (narrow || !open.length) return;
    var container = this.map.getContainer(), used = 0;
    container.querySelectorAll(".leaflet-" + side + " > .leaflet-control").forEach(function (node) {
      var margin = parseFloat(getComputedStyle(node).marginTop) +
        parseFloat(getComputedStyle(node).marginBottom);
      used += node.getBoundingClientRect().height + margin;
    });
    var bodies = open.map(function (panel) {
      return { panel: panel, need: panel.body.getBoundingClientRect().height };
    });
    used -= bodies.reduce(function (sum, b) { return sum + b.need; }, 0);
    var left = Math.max(60 * bodies.length, height - used - 8);
    bodies.sort(function (a, b) { return a.need - b.need; });
    bodies.forEach(function (b, index) {
      var share = left / (bodies.length - index), given = Math.min(b.need, share);
      b.panel.body.style.maxHeight = Math.floor(given) + "px";
      left -= given;
    });
  }, this);
};

/* On a narrow screen the attribution runs under the left corner's controls too (the
   scale, the sources button): that corner stands on top of it. */
Panels.prototype.liftOverAttribution = function () {
  var container = this.map.getContainer();
  var attribution = container.querySelector(".leaflet-control-attribution");
  var lift = this.narrow && attribution ? attribution.getBoundingClientRect().height : 0;
  container.style.setProperty("--lm-attribution", Math.ceil(lift) + "px");
};

/* Escape pressed with the focus on target: close the panel holding it, or on a narrow
   screen the one open; true when a panel was closed. */
Panels.prototype.escape = function (target) {
  var open = this.list.filter(function (panel) { return panel.open; });
  var holding = open.filter(function (panel) { return panel.box.contains(target); });
  var closing = holding.length ? holding : (this.narrow ? open : []);
  closing.forEach(function (panel) {
    this.setOpen(panel, false, false);
    if (panel.box.contains(target) || this.narrow) panel.toggle.focus();
  }, this);
  return closing.length > 0;
};

/* Narrow or wide, from the map's width: a page turned from narrow to wide opens the panels
   a wide screen starts with, and the other way round closes them all. */
Panels.prototype.resize = function () {
  var size = this.map.getSize(), narrow = size.x < NARROW_PX || size.y < SHORT_PX;
  if (narrow === this.narrow) return;
  this.narrow = narrow;
  this.map.getContainer().classList.toggle("lm-narrow", narrow);
  this.liftOverAttribution();
  this.list.forEach(function (panel) {
    this.setOpen(panel, narrow ? false : Boolean(panel.wideOpen), false);
  }, this);
};

/* The boxes of the controls over the map (panels, zoom buttons, scale...), in container
   pixels; an open panel's sheet on a narrow screen too. */
Panels.prototype.boxes = function () {
  var container = this.map.getContainer(), origin = container.getBoundingClientRect();
  var boxes = [];
  container.querySelectorAll(".leaflet-control, .lm-narrow .lm-panel:not(.lm-collapsed) .lm-body")
    .forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (r.width && r.height) {
        boxes.push({ left: r.left - origin.left, top: r.top - origin.top,
                     right: r.right - origin.left, bottom: r.bottom - origin.top });
      }
    });
  return boxes;
};

/* The rectangle of the map, in container pixels, that no control covers and that shows
   bounds (a LatLngBounds) largest: among the rectangles between the controls' edges. */
Panels.prototype.freeArea = function (bounds) {
  var size = this.map.getSize(), boxes = this.boxes();
  var xs = [0, size.x], ys = [0, size.y];
  boxes.forEach(function (b) {
    xs.push(clamp(b.left, 0, size.x), clamp(b.right, 0, size.x));
    ys.push(clamp(b.top, 0, size.y), clamp(b.bottom, 0, size.y));
  });
  var sw = CRS.latLngToPoint(bounds.getSouthWest(), 0), ne = CRS.latLngToPoint(bounds.getNorthEast(), 0);
  var dataW = Math.max(ne.x - sw.x, 1e-9), dataH = Math.max(sw.y - ne.y, 1e-9);
  var best = { left: 0, top: 0, right: size.x, bottom: size.y }, bestScale = -1, bestArea = 0;
  xs.forEach(function (left) {
    xs.forEach(function (right) {
      if (right - left < 40) return;
      ys.forEach(function (top) {
        ys.forEach(function (bottom) {
          if (bottom - top < 40) return;
          var free = boxes.every(function (b) {
            return b.right <= left || b.left >= right || b.bottom <= top || b.top >= bottom;
          });
          if (!free) return;
          var scale = Math.min((right - left) / dataW, (bottom - top) / dataH);
          var area = (right - left) * (bottom - top);
          if (scale > bestScale * 1.0001 || (scale >= bestScale * 0.9999 && area > bestArea)) {
            best = { left: left, top: top, right: right, bottom: bottom };
            bestScale = scale;
            bestArea = area;
          }
        });
      });
    });
  });
  return best;
};

function clamp(value, low, high) {
  return Math.max(low, Math.min(high, value));
}
