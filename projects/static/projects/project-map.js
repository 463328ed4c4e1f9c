// Small Leaflet map of one project: the site as a dot and the villages' boundaries, if known.
// Without map tiles (offline, blocked) the dot and the boundaries still show on the plain background.
(function () {
  "use strict";

  function init() {
    var element = document.getElementById("project-map");
    if (!element || typeof L === "undefined") {
      return;
    }
    var latitude = parseFloat(element.dataset.lat);
    var longitude = parseFloat(element.dataset.lng);
    if (isNaN(latitude) || isNaN(longitude)) {
      return;
    }
    element.textContent = "";
    var map = L.map(element, { scrollWheelZoom: false }).setView([latitude, longitude], 15);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(map);

    var areasElement = document.getElementById(element.dataset.areas);
    var areas = areasElement ? JSON.parse(areasElement.textContent) : null;
    if (areas && areas.features && areas.features.length) {
      var layer = L.geoJSON(areas, {
        style: { color: "#0b4f8a", weight: 2, fillColor: "#0b4f8a", fillOpacity: 0.08 },
      }).addTo(map);
      map.fitBounds(layer.getBounds().extend([latitude, longitude]), { padding: [12, 12], maxZoom: 15 });
    }
    L.circleMarker([latitude, longitude], {
      radius: 9,
      color: "#ffffff",
      weight: 3,
      fillColor: "#b3261e",
      fillOpacity: 1,
    })
      .addTo(map)
      .bindTooltip(element.dataset.label);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
