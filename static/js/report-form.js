/* Monitoring report form and finding response forms.
 *
 * - Keeps one client_id per open form, so a resend after a dropped connection is recognised by the server as
 *   the same submission. The id survives a reload in sessionStorage until the report page confirms receipt.
 * - Records the device position (Geolocation API) for the report in the fields lat, lng, acc and time.
 * - Records, for each chosen photo, the position and the time it was chosen in the fields photo_lat_N,
 *   photo_lng_N, photo_acc_N and photo_time_N. N is the photo's index in the file input, from 0.
 * - Lets the village add finding rows.
 * Everything is optional: without JavaScript or without a position the forms still submit.
 */
(function () {
  "use strict";

  var STORAGE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

  function readStored(key) {
    try {
      var stored = JSON.parse(window.sessionStorage.getItem(key));
      if (stored && stored.id && Date.now() - stored.at < STORAGE_MAX_AGE_MS) {
        return stored.id;
      }
    } catch (error) {
      /* Storage may be disabled (private mode); the server's id is used then. */
    }
    return null;
  }

  function writeStored(key, id) {
    try {
      window.sessionStorage.setItem(key, JSON.stringify({ id: id, at: Date.now() }));
    } catch (error) {
      /* See readStored. */
    }
  }

  function setUpClientId(input) {
    var key = input.dataset.storageKey;
    if (input.hasAttribute("data-fresh")) {
      // A freshly opened form: reuse the id of an earlier attempt that was never confirmed, or make a new one.
      var stored = readStored(key);
      if (stored) {
        input.value = stored;
      } else if (window.crypto && typeof window.crypto.randomUUID === "function") {
        input.value = window.crypto.randomUUID();
      }
    }
    writeStored(key, input.value);
  }

  function forgetSubmittedClientId(marker) {
    // Shown on the report page after a successful submission: the next report gets a new id.
    var key = marker.dataset.storageKey;
    if (readStored(key) === marker.dataset.submittedClientId) {
      try {
        window.sessionStorage.removeItem(key);
      } catch (error) {
        /* See readStored. */
      }
    }
  }

  function setHidden(container, name, value) {
    var field = container.querySelector('input[name="' + name + '"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      container.appendChild(field);
    }
    field.value = value === null || value === undefined ? "" : String(value);
  }

  function setUpPositions(form) {
    // The report form watches the position from the start. A response form requests it only when a photo is
    // chosen, so an OPD reading a report is not prompted for its location.
    var latest = null;
    var status = form.querySelector("[data-position-status]");
    var hasReportPosition = form.querySelector('input[name="lat"]') !== null;
    var options = { enableHighAccuracy: true, maximumAge: 60000, timeout: 30000 };

    function showStatus(text) {
      if (status && text) {
        status.textContent = text;
        status.hidden = false;
      }
    }

    function remember(position) {
      latest = {
        lat: position.coords.latitude.toFixed(6),
        lng: position.coords.longitude.toFixed(6),
        acc: position.coords.accuracy.toFixed(1),
        time: new Date(position.timestamp).toISOString(),
      };
      if (hasReportPosition) {
        setHidden(form, "lat", latest.lat);
        setHidden(form, "lng", latest.lng);
        setHidden(form, "acc", latest.acc);
        setHidden(form, "time", latest.time);
      }
      if (form.dataset.textLocated) {
        showStatus(form.dataset.textLocated.replace("{metres}", Math.round(position.coords.accuracy)));
      }
    }

    function fillPhotoPositions(holder, count) {
      for (var index = 0; index < count; index += 1) {
        setHidden(holder, "photo_lat_" + index, latest ? latest.lat : "");
        setHidden(holder, "photo_lng_" + index, latest ? latest.lng : "");
        setHidden(holder, "photo_acc_" + index, latest ? latest.acc : "");
      }
    }

    var canLocate = "geolocation" in navigator;
    if (hasReportPosition) {
      if (canLocate) {
        showStatus(form.dataset.textLocating);
        navigator.geolocation.watchPosition(remember, function () {
          showStatus(form.dataset.textNoPosition);
        }, options);
      } else {
        showStatus(form.dataset.textNoPosition);
      }
    }

    form.querySelectorAll("[data-photo-input]").forEach(function (input) {
      var holder = input.parentNode.querySelector("[data-photo-positions]") || form;
      input.addEventListener("change", function () {
        holder.querySelectorAll('input[name^="photo_"]').forEach(function (field) {
          field.remove();
        });
        var count = input.files.length;
        var chosenAt = new Date().toISOString();
        for (var index = 0; index < count; index += 1) {
          setHidden(holder, "photo_time_" + index, chosenAt);
        }
        fillPhotoPositions(holder, count);
        if (!hasReportPosition && canLocate && count) {
          navigator.geolocation.getCurrentPosition(function (position) {
            remember(position);
            fillPhotoPositions(holder, count);
          }, function () {}, options);
        }
      });
    });
  }

  function setUpFindingRows(form) {
    var container = form.querySelector("[data-finding-rows]");
    var button = form.querySelector("[data-add-finding]");
    if (!container || !button) {
      return;
    }
    var rows = Array.prototype.slice.call(container.querySelectorAll("[data-finding-row]"));
    var isEmpty = function (row) {
      return !row.querySelector("textarea").value.trim() && !row.querySelector("select").value;
    };
    // Show the filled rows and one empty row; the button reveals the others and then clones new ones.
    var shownEmpty = false;
    rows.forEach(function (row) {
      if (isEmpty(row)) {
        row.hidden = shownEmpty;
        shownEmpty = true;
      }
    });
    button.hidden = false;
    button.addEventListener("click", function () {
      var hidden = container.querySelector("[data-finding-row][hidden]");
      var row = hidden;
      if (!row) {
        var all = container.querySelectorAll("[data-finding-row]");
        row = all[all.length - 1].cloneNode(true);
        var number = all.length + 1;
        row.querySelectorAll("textarea, select").forEach(function (field) {
          field.value = "";
          field.id = field.name + "_" + number;
        });
        row.querySelectorAll("label").forEach(function (label) {
          var target = label.getAttribute("for").replace(/_\d+$/, "_" + number);
          label.setAttribute("for", target);
        });
        container.appendChild(row);
      }
      row.hidden = false;
      row.querySelector("textarea").focus();
    });
  }

  function setUpSubmit(form) {
    var button = form.querySelector("[data-submit]");
    if (!button) {
      return;
    }
    var label = button.textContent;
    form.addEventListener("submit", function () {
      // Uploading photos takes a while on a village connection; a second tap would only send them again.
      button.disabled = true;
      button.textContent = form.dataset.textSending || label;
      window.setTimeout(function () {
        button.disabled = false;
        button.textContent = label;
      }, 20000);
    });
    window.addEventListener("pageshow", function () {
      button.disabled = false;
      button.textContent = label;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-client-id]").forEach(setUpClientId);
    document.querySelectorAll("[data-submitted-client-id]").forEach(forgetSubmittedClientId);
    document.querySelectorAll("form[data-device-position]").forEach(setUpPositions);
    document.querySelectorAll("form.report-form").forEach(function (form) {
      setUpFindingRows(form);
      setUpSubmit(form);
    });
  });
})();
