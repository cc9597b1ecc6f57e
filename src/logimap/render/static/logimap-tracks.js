/* logimap tracks: observed legs drawn from their tracks, beside logimap.js.
 *
 * A plugin of the map runtime (window.logimapPlugins): it draws each observed leg itself, its
 * track solid and its dark periods dotted and labelled ("no AIS received for 31 h"), lists the dark
 * periods in the leg's popup, shows where each tracked vessel was in the month the time
 * filter chooses (the track in that month and its last position), and adds a play button
 * that moves a time cursor over the tracks: each vessel's last 30 days up to the cursor, and
 * where it was at that moment. Every point of a track is a fix with its exact time; between
 * two fixes a position is read in proportion to time. Text is inserted with textContent.
 */
(function () {
  "use strict";

  var DAY_S = 86400;
  var TRAIL_S = 30 * DAY_S;  // how much of each track the play shows behind its cursor
  var PLAY_MS = 30000;  // how long playing the whole time range takes
  var FRAME_MS = 50;
  var GAP_DASH = "2 6";
  var CANVAS_FROM_POINTS = 20000;  // tracks of more points are drawn on a canvas
  var LABEL_CHAR_PX = 6.5, LABEL_HEIGHT_PX = 16;  // a dark period label's box, estimated

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  /* Integers written as render/tracks.encode_integers writes them (the first, then steps),
     decoded without 32-bit operators: seconds since 1970 need 35 bits. */
  function decodeIntegers(text) {
    var out = [], sum = 0, value = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var group = text.charCodeAt(i) - 63;
      value += (group % 32) * scale;
      if (group < 32) {
        sum += value % 2 ? -(value + 1) / 2 : value / 2;
        out.push(sum);
        value = 0;
        scale = 1;
      } else {
        scale *= 32;
      }
    }
    return out;
  }

  function utc(seconds) {
    return new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }

  function utcText(iso) {
    return utc(Date.parse(iso) / 1000);
  }

  function monthWindow(filter) {
    var year = Math.floor(filter.month / 12), month = filter.month % 12;
    var end = Date.UTC(year, month + 1, 1) / 1000 - 0.001;
    return { from: filter.mode === "upto" ? -Infinity : Date.UTC(year, month, 1) / 1000,
             to: end, head: true };
  }

  /* The point a fraction f of the way from point i to point i + 1 of a leg. */
  function at(leg, i, f) {
    var ll = leg.lonLats;
    return L.latLng(ll[2 * i + 1] + (ll[2 * i + 3] - ll[2 * i + 1]) * f,
                    ll[2 * i] + (ll[2 * i + 2] - ll[2 * i]) * f);
  }

  /* What of a leg's track falls in a time window {from, to}: solid runs, dotted dark
     periods (with their labels) and the position at the window's end. */
  function pieces(leg, window) {
    var times = leg.trackTimes, n = times.length, runs = [], dark = [], run = null, head = null;
    for (var i = 0; i + 1 < n; i++) {
      var ta = times[i], tb = times[i + 1];
      if (tb < window.from || ta > window.to) { run = null; continue; }
      var span = tb - ta;
      var fa = span > 0 ? Math.max(0, (window.from - ta) / span) : 0;
      var fb = span > 0 ? Math.min(1, (window.to - ta) / span) : 1;
      var a = at(leg, i, fa), b = at(leg, i, fb);
      var gap = leg.gapAt[i] !== undefined;
      if (gap) {
        dark.push({ line: [a, b], label: leg.gaps[leg.gapAt[i]] });
        run = null;
      } else {
        if (!run || fa > 0) { run = [a]; runs.push(run); }
        run.push(b);
      }
      // Where it was at the window's end: between two fixes, in proportion to time; in a
      // dark period, the last fix before it (where it went dark).
      if (window.head && tb >= window.to) head = gap && tb > window.to ? at(leg, i, 0) : b;
    }
    if (window.head && !head && n && times[n - 1] <= window.to && times[n - 1] >= window.from) {
      head = at(leg, n - 2, 1);
    }
    return { runs: runs, dark: dark, head: head };
  }

  function Tracks(runtime) {
    this.runtime = runtime;
    this.map = runtime.map;
    this.items = [];  // {item, layer, group}
    this.cursor = null;  // the play's time, seconds; null when not playing or paused
    this.playing = false;
    this.busy = false;  // true while the play itself moves the time filter
  }

  Tracks.prototype.prepare = function () {
    var points = 0;
    this.runtime.data.legs.forEach(function (leg) {
      if (!leg.times) return;
      points += leg.lonLats.length / 2;
      leg.external = true;
      leg.trackTimes = decodeIntegers(leg.times);
      leg.gapAt = {};
      leg.gaps.forEach(function (gap, n) { leg.gapAt[gap[0]] = n; });
    });
    // Many points are painted faster on a canvas than laid out as SVG elements.
    this.renderer = points > CANVAS_FROM_POINTS && !this.runtime.canvas
      ? L.canvas({ padding: 0.1, tolerance: 4 }) : this.runtime.renderer;
  };

  Tracks.prototype.ready = function () {
    var self = this, runtime = this.runtime;
    runtime.layers.forEach(function (layer) {
      layer.legs.forEach(function (item) {
        if (!item.leg.external) return;
        var group = L.featureGroup();
        group.on("click", function (e) {
          L.popup({ maxWidth: 440 }).setLatLng(e.latlng)
            .setContent(runtime.legPopup(item.leg)).openOn(self.map);
        });
        group.bindTooltip(function () { return el("span", null, runtime.legTooltip(item)); },
                          { sticky: true });
        self.items.push({ item: item, layer: layer, group: group });
      });
    });
    var legPopup = runtime.legPopup;
    runtime.legPopup = function (leg) {
      var box = legPopup.call(runtime, leg);
      if (leg.track_info) box.insertBefore(self.trackBlock(leg), box.children[2] || null);
      return box;
    };
    this.map.on("zoomend moveend", function () { self.labelGaps(); });
    this.legendRows();
    this.playControls();
    this.update();
  };

  /* What a dotted line and a dot mean, in the legend's line styles. */
  Tracks.prototype.legendRows = function () {
    var body = document.querySelector(".lm-legend .lm-body");
    if (!body) return;
    var dotted = el("span", "lm-swatch");
    dotted.style.borderTopStyle = "dotted";
    var dot = el("span", "lm-swatch");
    dot.style.cssText = "width:10px;height:10px;border:1.5px solid #222;border-radius:50%";
    var rows = [[dotted, "dark period: no fix for longer than the leg's gap (label: how long)"],
                [dot, "a tracked vessel's position at the time chosen"]];
    rows.forEach(function (pair) {
      var row = el("div", "lm-row");
      row.appendChild(pair[0]);
      row.appendChild(el("span", null, pair[1]));
      body.appendChild(row);
    });
  };

  /* The track's facts and its dark periods, for the leg's popup. */
  Tracks.prototype.trackBlock = function (leg) {
    var track = leg.track_info, box = el("div", "lm-track-info");
    var said = track.fixes + " fixes" + (track.id ? " of " + track.id : "") + " from " +
      track.file + ", " + utcText(track.first) + " to " + utcText(track.last);
    box.appendChild(el("div", null, "Track: " + said));
    var left = [];
    if (track.jumps) left.push(track.jumps + " too far from the fix before to be real");
    if (track.outside) left.push(track.outside + " outside the leg's period");
    if (left.length) box.appendChild(el("div", "lm-muted", "Not drawn: " + left.join("; ")));
    box.appendChild(el("div", "lm-muted", "The map draws " + track.sent + " of the fixes, " +
      "each at its recorded time; the GIS exports hold every one."));
    var title = "Dark periods (no fix for more than " + track.gap + "): " +
      (leg.gaps.length ? leg.gaps.length : "none");
    box.appendChild(el("div", "lm-track-gaps-title", title));
    if (leg.gaps.length) {
      var list = el("ul", "lm-track-gaps");
      leg.gaps.forEach(function (gap) {
        list.appendChild(el("li", null, utcText(gap[2]) + " to " + utcText(gap[3]) + ": " +
          gap[1]));
      });
      box.appendChild(list);
    }
    return box;
  };

  /* The time window the tracks are drawn in: the play's, the time filter's month, or all. */
  Tracks.prototype.window = function () {
    if (this.cursor !== null) return { from: this.cursor - TRAIL_S, to: this.cursor, head: true };
    if (this.runtime.filter) return monthWindow(this.runtime.filter);
    return { from: -Infinity, to: Infinity, head: false };
  };

  Tracks.prototype.update = function () {
    var self = this, window = this.window();
    this.items.forEach(function (entry) {
      var item = entry.item, leg = item.leg, group = entry.group;
      group.clearLayers();
      entry.dark = [];
      var shown = entry.layer.on && (self.cursor !== null || item.shown);
      if (!shown) { self.map.removeLayer(group); return; }
      var flow = item.flow, drawn = pieces(leg, window);
      var opacity = item.style.opacity;  // faded, or dimmed beside a flow in focus
      if (drawn.runs.length) {
        group.addLayer(L.polyline(drawn.runs, {
          renderer: self.renderer, color: flow.color, weight: leg.width, opacity: opacity,
          lineCap: "butt", noClip: true, className: "lm-leg lm-leg-" + leg.mode + " lm-track" }));
      }
      drawn.dark.forEach(function (gap) {
        group.addLayer(L.polyline(gap.line, {
          renderer: self.renderer, color: flow.color, weight: Math.max(2, leg.width * 0.6),
          opacity: opacity, dashArray: GAP_DASH, lineCap: "round",
          className: "lm-track-gap" }));
        entry.dark.push(gap);
      });
      if (drawn.head) {
        group.addLayer(L.circleMarker(drawn.head, {
          renderer: self.renderer, radius: 5, color: "#222", weight: 1.5,
          fillColor: flow.color, fillOpacity: 1, className: "lm-track-head" }));
      }
      group.addTo(self.map);
    });
    this.labelGaps();
  };

  /* A label at the middle of each dark period drawn, the longest periods first, leaving out
     a label that would cover one already placed or lie out of view. */
  Tracks.prototype.labelGaps = function () {
    var map = this.map, view = map.getPixelBounds(), placed = [], wanted = [];
    this.items.forEach(function (entry) {
      (entry.labels || []).forEach(function (marker) { entry.group.removeLayer(marker); });
      entry.labels = [];
      (entry.dark || []).forEach(function (gap) { wanted.push({ entry: entry, gap: gap }); });
    });
    function length(want) { return Date.parse(want.gap.label[3]) - Date.parse(want.gap.label[2]); }
    wanted.sort(function (a, b) { return length(b) - length(a); });
    wanted.forEach(function (want) {
      var line = want.gap.line, text = want.gap.label[1];
      var middle = L.latLng((line[0].lat + line[1].lat) / 2, (line[0].lng + line[1].lng) / 2);
      var p = map.project(middle), w = text.length * LABEL_CHAR_PX / 2 + 4;
      var box = { left: p.x - w, right: p.x + w, top: p.y - LABEL_HEIGHT_PX / 2,
                  bottom: p.y + LABEL_HEIGHT_PX / 2 };
      var inView = box.left < view.max.x && view.min.x < box.right &&
        box.top < view.max.y && view.min.y < box.bottom;
      var covers = placed.some(function (k) {
        return box.left < k.right && k.left < box.right && box.top < k.bottom &&
          k.top < box.bottom;
      });
      if (!inView || covers) return;
      placed.push(box);
      var marker = L.marker(middle, {
        icon: L.divIcon({ className: "lm-gap-anchor", iconSize: null,
                          html: el("span", "lm-gap-label", text) }),
        interactive: false, keyboard: false });
      want.entry.labels.push(marker);
      want.entry.group.addLayer(marker);
    });
  };

  /* The play button and the time it has reached, in the time filter's panel. */
  Tracks.prototype.playControls = function () {
    var self = this, controls = this.runtime.time;
    if (!controls) return;
    var first = Infinity, last = -Infinity;
    this.items.forEach(function (entry) {
      var times = entry.item.leg.trackTimes;
      first = Math.min(first, times[0]);
      last = Math.max(last, times[times.length - 1]);
    });
    if (!(first < last)) return;
    var button = el("button", "lm-play", "\u25b6 Play tracks");
    button.type = "button";
    var clock = el("span", "lm-play-time");
    var row = el("div", "lm-row");
    row.appendChild(button);
    row.appendChild(clock);
    controls.body.appendChild(row);
    this.clock = clock;
    this.button = button;
    this.span = { first: first, last: last };
    button.addEventListener("click", function () {
      if (self.playing) self.pause(); else self.play();
    });
    [controls.enable, controls.slider, controls.mode].forEach(function (input) {
      input.addEventListener("input", function () { if (!self.busy) self.stop(); });
      input.addEventListener("change", function () { if (!self.busy) self.stop(); });
    });
  };

  Tracks.prototype.play = function () {
    var self = this, span = this.span;
    if (this.cursor === null || this.cursor >= span.last) this.cursor = span.first;
    this.playing = true;
    this.button.textContent = "\u23f8 Pause";
    var step = (span.last - span.first) * FRAME_MS / PLAY_MS;
    function frame() {
      if (!self.playing) return;
      self.seek(Math.min(span.last, self.cursor + step));
      if (self.cursor >= span.last) { self.pause(); return; }
      self.timer = setTimeout(frame, FRAME_MS);
    }
    this.seek(this.cursor);
    this.timer = setTimeout(frame, FRAME_MS);
  };

  Tracks.prototype.pause = function () {
    this.playing = false;
    clearTimeout(this.timer);
    if (this.button) this.button.textContent = "\u25b6 Play tracks";
  };

  /* Back to the time filter's own view. */
  Tracks.prototype.stop = function () {
    this.pause();
    this.cursor = null;
    if (this.clock) this.clock.textContent = "";
    this.update();
  };

  /* Move the play's cursor to a time (seconds): the time filter follows its month, so the
     other legs show what was moving then. */
  Tracks.prototype.seek = function (seconds) {
    var controls = this.runtime.time, date = new Date(seconds * 1000);
    var month = date.getUTCFullYear() * 12 + date.getUTCMonth();
    this.cursor = seconds;
    this.clock.textContent = utc(seconds);
    var slider = controls.slider;
    month = Math.max(Number(slider.min), Math.min(Number(slider.max), month));
    this.busy = true;
    try {
      if (!controls.enable.checked || controls.mode.value !== "at" ||
          Number(slider.value) !== month) {
        controls.enable.checked = true;
        controls.mode.value = "at";
        slider.value = month;
        slider.dispatchEvent(new Event("input"));  // the runtime filters and calls update
      } else {
        this.update();
      }
    } finally {
      this.busy = false;
    }
  };

  var plugins = window.logimapPlugins = window.logimapPlugins || [];
  var instance = null;
  plugins.push({
    prepare: function (runtime) {
      instance = new Tracks(runtime);
      runtime.tracks = instance;
      instance.prepare();
    },
    ready: function () { instance.ready(); },
    update: function () { if (instance && instance.items.length) instance.update(); }
  });
})();
