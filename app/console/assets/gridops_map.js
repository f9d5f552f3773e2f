/* GridOps Console: how the map draws its layers, and the clientside callbacks.
 * Function props of dash-leaflet are referenced by name: {"variable": "gridops.map.style"}.
 * Each GeoJSON layer passes its LayerStyle (layers/catalog.py) as `hideout`. */
window.gridops = window.gridops || {};

window.gridops.map = {
  loadingClass: function (pct) {
    if (pct === null || pct === undefined) { return "nodata"; }
    if (pct > 100) { return "overload"; }
    if (pct >= 80) { return "watch"; }
    return "normal";
  },
  loadingColors: { normal: "#1a9850", watch: "#fdae61", overload: "#d73027", nodata: "#969696" },

  pathOptions: function (feature, hideout) {
    var props = feature.properties || {};
    var fill = hideout.fillColor;
    if (hideout.colorBy) {  // a loading in %, classed as the legend says
      fill = window.gridops.map.loadingColors[window.gridops.map.loadingClass(props[hideout.colorBy])];
    }
    return {
      color: hideout.color, weight: hideout.weight, fillColor: fill,
      fillOpacity: hideout.fillOpacity, opacity: 0.9, dashArray: hideout.dashArray || null,
      className: "gridops-feature gridops-" + hideout.layer,
    };
  },

  style: function (feature, context) {
    return window.gridops.map.pathOptions(feature, context.hideout);
  },

  pointToLayer: function (feature, latlng, context) {
    var hideout = context.hideout;
    var options = window.gridops.map.pathOptions(feature, hideout);
    var props = feature.properties || {};
    options.radius = hideout.radius;
    if (hideout.pane) { options.pane = hideout.pane; }  // the layer's own pane (stacking)
    if (props.aggregated) {
      // one circle per supply area, its area growing with the customer count
      options.radius = Math.max(4, Math.min(22, 2 * Math.sqrt(props.customers)));
      options.className += " gridops-aggregate";
    }
    return L.circleMarker(latlng, options);
  },

  /* The public and crew maps' grid backdrop (components/grid_backdrop.py), by feature kind. */
  backdropStyles: {
    territory: { color: "#6a51a3", weight: 1.5, dashArray: "6 4", fillColor: "#fbf8ef", fillOpacity: 0.6 },
    feeder: { color: "#08519c", weight: 2, opacity: 0.8, fill: false },
    substation: { color: "#000000", weight: 1.5, fillColor: "#ffd700", fillOpacity: 0.9, radius: 6 },
    transformer: { color: "#333333", weight: 1, fillColor: "#bdbdbd", fillOpacity: 0.9, radius: 3 },
  },

  backdropStyle: function (feature) {
    var kind = (feature.properties || {}).kind;
    var style = Object.assign({}, window.gridops.map.backdropStyles[kind] || {});
    style.className = "gridops-backdrop gridops-backdrop-" + kind;
    style.interactive = false;
    return style;
  },

  backdropPoint: function (feature, latlng) {
    var options = window.gridops.map.backdropStyle(feature);
    options.pane = "gridops-backdrop";
    return L.circleMarker(latlng, options);
  },

  onEachFeature: function (feature, layer) {
    var props = feature.properties || {};
    var label = props.code || props.account_no || props.transformer || "";
    if (props.aggregated) { label = props.transformer + ": " + props.customers; }
    if (label) { layer.bindTooltip(String(label), { sticky: true }); }
  },
};

window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.gridops = {
  /* The URL of every layer for the current view, padded so that small pans reuse it. */
  layerUrls: function (bounds, zoom, center, ids, current) {
    if (!bounds && center && zoom !== undefined && zoom !== null) {
      // dash-leaflet reports bounds only after the first move: derive them from the centre
      bounds = window.dash_clientside.gridops.viewBounds(center, zoom, "grid-map");
    }
    if (!bounds || zoom === undefined || zoom === null) {
      return ids.map(function () { return window.dash_clientside.no_update; });
    }
    var south, west, north, east;
    if (Array.isArray(bounds)) {
      south = bounds[0][0]; west = bounds[0][1]; north = bounds[1][0]; east = bounds[1][1];
    } else {
      south = bounds._southWest.lat; west = bounds._southWest.lng;
      north = bounds._northEast.lat; east = bounds._northEast.lng;
    }
    var padX = (east - west) * 0.1, padY = (north - south) * 0.1;
    var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
    var box = [
      clamp(west - padX, -180, 180), clamp(south - padY, -90, 90),
      clamp(east + padX, -180, 180), clamp(north + padY, -90, 90),
    ].map(function (v) { return v.toFixed(4); }).join(",");
    var z = Math.round(zoom);
    return ids.map(function (id, i) {
      if (window.dash_clientside.gridops.covers(current && current[i], [west, south, east, north], z)) {
        return window.dash_clientside.no_update;  // already loaded for this view
      }
      return "/api/v1/layers/" + id.id + "?bbox=" + box + "&zoom=" + z;
    });
  },

  /* Whether a layer URL already holds the features of a view at zoom z. */
  covers: function (url, view, z) {
    if (!url) { return false; }
    var query = new URLSearchParams(url.split("?")[1] || "");
    if (Number(query.get("zoom")) !== z) { return false; }
    var box = (query.get("bbox") || "").split(",").map(Number);
    return box.length === 4 && box[0] <= view[0] && box[1] <= view[1] &&
      box[2] >= view[2] && box[3] >= view[3];
  },

  /* The bounds [[south, west], [north, east]] of a map element shown at centre and zoom. */
  viewBounds: function (center, zoom, elementId) {
    var element = document.getElementById(elementId);
    var width = element ? element.clientWidth : 1024, height = element ? element.clientHeight : 768;
    var lat = Array.isArray(center) ? center[0] : center.lat;
    var lng = Array.isArray(center) ? center[1] : center.lng;
    var world = 256 * Math.pow(2, zoom);
    var rad = lat * Math.PI / 180;
    var x = (lng + 180) / 360 * world;
    var y = (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * world;
    var toLng = function (px) { return px / world * 360 - 180; };
    var toLat = function (py) {
      var n = Math.PI - 2 * Math.PI * py / world;
      return 180 / Math.PI * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
    };
    return [[toLat(y + height / 2), toLng(x - width / 2)], [toLat(y - height / 2), toLng(x + width / 2)]];
  },

  /* The forecast layer's URL for a horizon of `months` (30.44 days each). */
  horizonUrl: function (months, url) {
    if (!url || !months) { return window.dash_clientside.no_update; }
    var days = Math.min(366, Math.round(months * 30.44));
    var base = url.replace(/&horizon=\d+/, "");
    return base + "&horizon=" + days;
  },

  /* Refetch a layer for the same view: the URL with a new tick (the API ignores it). */
  refreshLayer: function (tick, url) {
    if (!url) { return window.dash_clientside.no_update; }
    var base = url.replace(/&tick=\d+$/, "");
    return base + "&tick=" + tick;
  },

  /* Relabel Leaflet's layer control from {any title: shown title}; the control rebuilds its
   * labels from the names it was built with whenever a layer is toggled, so an observer
   * relabels again after every rebuild. */
  relabelLayers: function (names) {
    window.gridops.layerNames = names || {};
    var apply = function () {
      var spans = document.querySelectorAll(".leaflet-control-layers-overlays label span span");
      spans.forEach(function (span) {
        var shown = window.gridops.layerNames[span.textContent.trim()];
        if (shown && span.textContent !== " " + shown) { span.textContent = " " + shown; }
      });
    };
    var attach = function (tries) {
      var list = document.querySelector(".leaflet-control-layers-list");
      if (!list) {
        if (tries > 0) { setTimeout(function () { attach(tries - 1); }, 100); }
        return;
      }
      if (!list.gridopsObserved) {
        new MutationObserver(apply).observe(list, { childList: true, subtree: true });
        list.gridopsObserved = true;
      }
      apply();
    };
    attach(50);
    return Object.keys(window.gridops.layerNames).length + " names";
  },

  /* Switch a layer on in Leaflet's control (the box whose label is one of `titles`); a
   * layer already on stays on. */
  showLayer: function (n, titles) {
    if (!n) { return window.dash_clientside.no_update; }
    var labels = document.querySelectorAll(".leaflet-control-layers-overlays label");
    for (var i = 0; i < labels.length; i++) {
      var box = labels[i].querySelector("input");
      if (box && (titles || []).indexOf(labels[i].textContent.trim()) >= 0) {
        if (!box.checked) { box.click(); }
        return "shown " + n;
      }
    }
    return "not found " + n;
  },

  /* The browser's position as {lon, lat}, or {error} when it is refused or unavailable. */
  locate: function (n) {
    return new Promise(function (resolve) {
      if (!navigator.geolocation) { resolve({ error: "unavailable" }); return; }
      navigator.geolocation.getCurrentPosition(
        function (p) { resolve({ lon: p.coords.longitude, lat: p.coords.latitude, n: n }); },
        function (e) { resolve({ error: e.message || "refused", n: n }); },
        { enableHighAccuracy: true, timeout: 10000 });
    });
  },

  /* The language: a link's ?lang= (a notice's language), else the stored choice, else the
   * browser's, then whatever the switch says. */
  language: function (switchValue, stored) {
    var ctx = window.dash_clientside.callback_context;
    var triggered = ctx.triggered.length && ctx.triggered[0].prop_id !== ".";
    if (triggered && switchValue) { return [switchValue, switchValue]; }
    var asked = new URLSearchParams(window.location.search).get("lang");
    if (asked === "zh-CN" || asked === "en") { return [asked, asked]; }
    var lang = stored;
    if (!lang) {
      var nav = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
      lang = nav.toLowerCase().indexOf("zh") === 0 ? "zh-CN" : "en";
    }
    return [lang, lang];
  },
};
