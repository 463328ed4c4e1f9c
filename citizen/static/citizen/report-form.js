// Citizen report form: the phone's position on request, and a map to mark the place, loaded only when needed.
// Without JavaScript or map tiles the latitude and longitude fields still work by hand.
(function () {
  "use strict";

  var script = document.getElementById("citizen-form-script");
  var form = document.getElementById("citizen-form");
  if (!form || !script) {
    return;
  }
  var latitudeInput = form.querySelector("[name=latitude]");
  var longitudeInput = form.querySelector("[name=longitude]");
  var status = document.getElementById("position-status");
  var mapElement = document.getElementById("citizen-map");
  var map = null;
  var marker = null;

  function setPoint(latitude, longitude) {
    latitudeInput.value = latitude.toFixed(6);
    longitudeInput.value = longitude.toFixed(6);
    if (map) {
      if (marker) {
        marker.setLatLng([latitude, longitude]);
      } else {
        marker = L.marker([latitude, longitude]).addTo(map);
      }
      map.setView([latitude, longitude], Math.max(map.getZoom(), 16));
    }
  }

  function showMap() {
    if (typeof L === "undefined" || map) {
      return;
    }
    mapElement.hidden = false;
    var latitude = parseFloat(latitudeInput.value);
    var longitude = parseFloat(longitudeInput.value);
    var known = !isNaN(latitude) && !isNaN(longitude);
    // Belitung Timur's centre when nothing is marked yet.
    map = L.map(mapElement).setView(known ? [latitude, longitude] : [-2.95, 108.15], known ? 16 : 10);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(map);
    if (known) {
      setPoint(latitude, longitude);
    }
    map.on("click", function (event) {
      setPoint(event.latlng.lat, event.latlng.lng);
    });
  }

  function loadLeaflet() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = script.dataset.leafletCss;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = script.dataset.leafletJs;
    js.onload = showMap;
    document.head.appendChild(js);
  }

  document.getElementById("use-position").addEventListener("click", function () {
    if (!navigator.geolocation) {
      status.textContent = form.dataset.textNoPosition;
      return;
    }
    status.textContent = form.dataset.textLocating;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        setPoint(position.coords.latitude, position.coords.longitude);
        status.textContent = form.dataset.textLocated;
      },
      function () {
        status.textContent = form.dataset.textNoPosition;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });

  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries, observer) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        loadLeaflet();
      }
    }).observe(document.getElementById("use-position"));
  } else {
    loadLeaflet();
  }
})();
