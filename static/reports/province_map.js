/* Tooltips of the province maps (templates/reports/includes/province_map.html): the region under the
   pointer or with keyboard focus shows its name and figure beside it. The map is complete without this
   script: every region has a <title>, an aria-label and a link to its row of the table. */
(function () {
  "use strict";
  document.querySelectorAll(".province-map-frame").forEach(function (frame) {
    var tooltip = frame.querySelector(".province-map-tooltip");
    // The active region's outline is drawn again on top, so its neighbours do not cover half of it.
    var highlight = frame.querySelector(".province-map-highlight");
    if (!tooltip || !highlight) {
      return;
    }
    function show(region) {
      var frameBox = frame.getBoundingClientRect();
      var box = region.getBoundingClientRect();
      tooltip.textContent = region.dataset.name + ": " + region.dataset.shown;
      tooltip.hidden = false;
      tooltip.style.left = Math.max(0, box.left - frameBox.left + box.width / 2 - tooltip.offsetWidth / 2) + "px";
      tooltip.style.top = Math.max(0, box.top - frameBox.top + box.height / 2 - tooltip.offsetHeight - 6) + "px";
      frame.querySelectorAll(".province-region.is-active").forEach(function (other) {
        other.classList.remove("is-active");
      });
      region.classList.add("is-active");
      highlight.setAttribute("href", "#" + region.querySelector("path").id);
    }
    function hide(region) {
      tooltip.hidden = true;
      region.classList.remove("is-active");
      highlight.removeAttribute("href");
    }
    frame.querySelectorAll(".province-region").forEach(function (region) {
      region.addEventListener("mouseenter", function () { show(region); });
      region.addEventListener("focus", function () { show(region); });
      region.addEventListener("mouseleave", function () { hide(region); });
      region.addEventListener("blur", function () { hide(region); });
    });
    frame.dataset.mapReady = "true";
  });
})();
