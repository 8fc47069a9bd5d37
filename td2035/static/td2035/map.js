/* TD2035 map: turns the server-drawn SVG map into a pan/zoom Leaflet map with popups.
   No tile layer: the municipalities themselves are the base map. Without JavaScript, or if anything
   fails here, the SVG map stays. */
(function () {
  "use strict";

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function popup(title, lines, href, linkText) {
    var box = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = title;
    box.appendChild(strong);
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
    var p = document.createElement("p");
    p.appendChild(link(href, linkText));
    box.appendChild(p);
    return box;
  }

  function draw(container, data) {
    var labels = container.dataset;
    var holder = document.createElement("div");
    holder.className = "leaflet-holder";
    holder.id = "map-leaflet";
    holder.setAttribute("role", "region");
    holder.setAttribute("aria-label", labels.labelMap || "");
    container.appendChild(holder);
    container.classList.add("is-interactive");
    try {
      build(holder, labels, data);
    } catch (error) {
      container.classList.remove("is-interactive");
      container.removeChild(holder);
      throw error;
    }
  }

  function build(holder, labels, data) {
    var map = window.L.map(holder, { zoomSnap: 0.25, attributionControl: false, preferCanvas: false });
    var municipalities = data.features.filter(function (f) { return f.properties.kind === "municipality" && f.geometry; });
    var organizations = data.features.filter(function (f) { return f.properties.kind === "organization"; });

    var areas = window.L.geoJSON(municipalities, {
      style: function (f) {
        return { className: "muni " + f.properties["class"], weight: 1, fillOpacity: 1 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(popup(p.name, [p.count.toLocaleString() + " " + labels.labelOrganizations], p.url, labels.labelOpen));
      }
    });
    map.fitBounds(areas.getBounds(), { padding: [8, 8] });  // a view first: Leaflet draws nothing without one
    areas.addTo(map);

    organizations.forEach(function (f) {
      var c = f.geometry.coordinates;
      window.L.circleMarker([c[1], c[0]], { radius: 4, className: "point", weight: 1, fillOpacity: 1 })
        .bindPopup(popup(f.properties.name, [], f.properties.url, labels.labelProfile))
        .addTo(map);
    });

  }

  function start() {
    var container = document.getElementById("map");
    if (!container || !window.L || !window.fetch) {
      return;
    }
    fetch(container.dataset.geojson, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("map data: HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) { draw(container, data); })
      .catch(function (error) {
        if (window.console) { window.console.warn("TD2035 map stays static:", error); }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
