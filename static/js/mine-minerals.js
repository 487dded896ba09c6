/* The unit request lists only the minerals the chosen mine produces (options carry data-mines). */
(function () {
  "use strict";
  var mine = document.getElementById("id_mine");
  var mineral = document.getElementById("id_mineral");
  if (!mine || !mineral) {
    return;
  }
  function limit() {
    Array.prototype.forEach.call(mineral.options, function (option) {
      if (!option.value) {
        return;
      }
      var mines = (option.dataset.mines || "").split(" ");
      var own = !mine.value || mines.indexOf(mine.value) !== -1;
      option.hidden = !own;
      option.disabled = !own;
      if (!own && option.selected) {
        mineral.value = "";
      }
    });
  }
  mine.addEventListener("change", limit);
  limit();
})();
