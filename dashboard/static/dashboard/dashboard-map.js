// Dashboard map (colours match the .status-* classes in simpor.css): every project as a dot coloured by its early-warning status, clustered when zoomed out,
// over the kabupaten's kecamatan outlines; clicking a kecamatan loads its desa. Data comes as JSON after the page.
(function () {
  "use strict";

  var COLORS = {
    critical: "#b3261e",
    late: "#e8710a",
    stale: "#8a6d00",
    on_track: "#1b7a3a",
    ahead: "#0b57d0",
    finished: "#5f6368",
    not_started: "#9aa0a6",
    none: "#9aa0a6",
  };

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) {
        throw new Error(r.status);
      }
      return r.json();
    });
  }

  function init() {
    var element = document.getElementById("dashboard-map");
    if (!element || typeof L === "undefined") {
      return;
    }
    element.textContent = "";
    var map = L.map(element, { scrollWheelZoom: false, preferCanvas: true }).setView([-2.9, 108.2], 9);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(map);

    var projectUrl = element.dataset.projectUrl;
    var villages = L.layerGroup().addTo(map);
    var clusters = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup({ maxClusterRadius: 45 }) : L.layerGroup();
    clusters.addTo(map);

    fetchJson(element.dataset.boundaries).then(function (data) {
      var districts = L.geoJSON(data, {
        style: { color: "#0b4f8a", weight: 1.5, fillOpacity: 0.04 },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 4, color: "#0b4f8a", weight: 1, fillOpacity: 0.3 });
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(feature.properties.name);
          layer.on("click", function () {
            fetchJson(element.dataset.boundaries + "?kecamatan=" + feature.properties.id).then(function (desa) {
              villages.clearLayers();
              villages.addLayer(
                L.geoJSON(desa, {
                  style: { color: "#5f6b76", weight: 1, dashArray: "3 3", fillOpacity: 0 },
                  pointToLayer: function (f, latlng) {
                    return L.circleMarker(latlng, { radius: 3, color: "#5f6b76", weight: 1 });
                  },
                  onEachFeature: function (f, l) {
                    l.bindTooltip(f.properties.name);
                  },
                })
              );
            });
          });
        },
      }).addTo(map);
      if (districts.getLayers().length) {
        map.fitBounds(districts.getBounds(), { padding: [8, 8] });
      }
    });

    fetchJson(element.dataset.points).then(function (data) {
      var markers = data.points.map(function (row) {
        var marker = L.circleMarker([row[1], row[2]], {
          radius: 7,
          color: "#ffffff",
          weight: 1.5,
          fillColor: COLORS[row[3]] || COLORS.none,
          fillOpacity: 0.95,
        });
        var link = document.createElement("a");
        link.href = projectUrl.replace(/0\/?$/, row[0] + "/");
        link.textContent = row[4];
        marker.bindPopup(link);
        return marker;
      });
      if (clusters.addLayers) {
        clusters.addLayers(markers);
      } else {
        markers.forEach(function (m) {
          clusters.addLayer(m);
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
