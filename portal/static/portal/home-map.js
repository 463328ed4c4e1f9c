// Home page map of the year's projects, coloured by early-warning status. Leaflet, the cluster plugin and the
// markers load only when the map scrolls into view, so the first paint stays small on a slow connection.
// Without map tiles the markers still show on the plain background.
(function () {
  "use strict";

  var COLORS = {
    critical: "#b3261e", late: "#e8710a", stale: "#8a6d00", on_track: "#1e8e3e", ahead: "#0b57d0",
    finished: "#5f6368", not_started: "#9aa0a6", none: "#9aa0a6",
  };
  var script = document.getElementById("home-map-script");
  var element = document.getElementById("home-map");
  if (!script || !element) {
    return;
  }

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { node[name] = attributes[name]; });
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  function draw(data) {
    element.textContent = "";
    var map = L.map(element, { scrollWheelZoom: false }).setView([-2.95, 108.15], 10);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(map);
    // Clusters are drawn in the brand colour, so their colour is never mistaken for a status.
    var group = typeof L.markerClusterGroup === "function"
      ? L.markerClusterGroup({
        chunkedLoading: true,
        iconCreateFunction: function (cluster) {
          return L.divIcon({ html: "<span>" + cluster.getChildCount() + "</span>", className: "map-cluster", iconSize: [36, 36] });
        },
      })
      : L.featureGroup();
    data.points.forEach(function (point) {
      var marker = L.circleMarker([point[2], point[3]], {
        radius: 7, color: "#ffffff", weight: 2, fillColor: COLORS[point[4]] || COLORS.none, fillOpacity: 1,
      });
      var link = document.createElement("a");
      link.href = data.url.replace("{id}", point[0]);
      link.textContent = point[1];
      marker.bindPopup(link);
      group.addLayer(marker);
    });
    group.addTo(map);
    if (data.points.length) {
      map.fitBounds(group.getBounds(), { padding: [16, 16], maxZoom: 15 });
    }
  }

  function start() {
    load("link", { rel: "stylesheet", href: script.dataset.leafletCss });
    load("link", { rel: "stylesheet", href: script.dataset.clusterCss });
    load("script", { src: script.dataset.leafletJs })
      .then(function () { return load("script", { src: script.dataset.clusterJs }).catch(function () {}); })
      .then(function () { return fetch(element.dataset.src).then(function (response) { return response.json(); }); })
      .then(draw)
      .catch(function () {});
  }

  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries, observer) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        start();
      }
    }, { rootMargin: "200px" }).observe(element);
  } else {
    start();
  }
})();
