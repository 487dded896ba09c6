/* The Jalali date picker on every date box of a Persian page (boxes marked data-jdp by CalendarDateInput).
   The picker is vendored in static/vendor/jalalidatepicker; English pages keep the browser's own picker. */
(function () {
  "use strict";
  if (typeof window.jalaliDatepicker === "undefined" || !document.querySelector("input[data-jdp]")) {
    return;
  }
  window.jalaliDatepicker.startWatch({
    persianDigits: true,
    // People may also type a date (any digits); the box stays editable.
    autoReadOnlyInput: false,
    showTodayBtn: true,
    showEmptyBtn: true,
    showCloseBtn: true,
    // Date-and-time boxes (tender deadlines) show a clock; date boxes are marked data-jdp-only-date.
    time: true,
    hasSecond: false,
    zIndex: 1060
  });
})();

/* The picker writes ASCII digits; a Persian page shows its dates in Persian digits (the server reads both). */
(function () {
  "use strict";
  var persianDigits = "۰۱۲۳۴۵۶۷۸۹";
  function localise(event) {
    var box = event.target;
    if (box && box.matches && box.matches("input[data-jdp]") && /[0-9]/.test(box.value)) {
      box.value = box.value.replace(/[0-9]/g, function (digit) { return persianDigits[digit]; });
    }
  }
  document.addEventListener("jdp:change", localise, true);
  document.addEventListener("change", localise, true);
})();
