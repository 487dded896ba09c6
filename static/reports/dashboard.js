/* Charts of the programme dashboard and the transparency page. Data comes from the json_script
   element "report-data"; a chart is drawn only where its canvas is on the page. No external assets. */
(function () {
  "use strict";
  var element = document.getElementById("report-data");
  if (!element || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(element.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var locale = document.documentElement.lang === "fa" ? "fa-IR" : "en-US";
  var palette = ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6f42c1", "#20c997", "#fd7e14", "#6c757d",
    "#0dcaf0", "#d63384", "#adb5bd", "#212529"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.locale = locale;

  function legend(show) {
    return { display: show, rtl: rtl, textDirection: rtl ? "rtl" : "ltr" };
  }

  // Labels come as the server wrote them ("Farvardin 1405"); Persian pages show Persian digits, like the
  // HTML around the chart (numbers on the axes are formatted by Chart.js with the page's locale).
  var persianDigits = "۰۱۲۳۴۵۶۷۸۹";
  function localDigits(value) {
    if (locale !== "fa-IR" || typeof value !== "string") {
      return value;
    }
    return value.replace(/([0-9])\.([0-9])/g, "$1٫$2").replace(/[0-9]/g, function (digit) {
      return persianDigits[digit];
    });
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas || !config) {
      return;
    }
    config.data.labels = (config.data.labels || []).map(localDigits);
    config.data.datasets.forEach(function (dataset) { dataset.label = localDigits(dataset.label); });
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, locale: locale }, config.options || {});
    config.options.plugins = Object.assign({ legend: legend(true), tooltip: { rtl: rtl } }, config.options.plugins || {});
    // A box of fixed height around the canvas: sized by its card instead, a chart that fills its parent
    // makes the parent taller, which resizes the chart again, and the page grows without end.
    var box = document.createElement("div");
    box.className = "chart-box";
    canvas.parentNode.insertBefore(box, canvas);
    box.appendChild(canvas);
    new Chart(canvas, config);
  }

  function bars(series, keys, labels) {
    return keys.map(function (key, index) {
      return { label: labels[index], data: series[key], backgroundColor: palette[index] };
    });
  }

  var text = data.text || {};
  if (data.stages) {
    var stageSets = [{ label: text.mines || "", data: data.stages.mines, backgroundColor: palette[0] }];
    if (data.stages.verified) {
      stageSets.push({ label: text.verified || "", data: data.stages.verified, backgroundColor: palette[1] });
    }
    draw("chart-stages", {
      type: "bar",
      data: { labels: data.stages.labels, datasets: stageSets },
      options: { scales: { x: { reverse: rtl } }, plugins: { legend: legend(stageSets.length > 1) } }
    });
  }
  if (data.production) {
    draw("chart-production", {
      type: "bar",
      data: {
        labels: data.production.labels,
        datasets: bars(data.production, ["tonnes_mined", "tonnes_sold"], [text.tonnes_mined || "", text.tonnes_sold || ""])
      },
      options: { scales: { x: { reverse: rtl } } }
    });
  }
  if (data.minerals) {
    draw("chart-minerals", {
      type: "doughnut",
      data: { labels: data.minerals.labels, datasets: [{ data: data.minerals.mines, backgroundColor: palette }] }
    });
  }
  if (data.applications) {
    draw("chart-applications", {
      type: "doughnut",
      data: { labels: data.applications.labels, datasets: [{ data: data.applications.counts, backgroundColor: palette }] }
    });
  }
  if (data.arrears) {
    draw("chart-arrears", {
      type: "bar",
      data: {
        labels: data.arrears.labels,
        datasets: [{ label: text.principal || "", data: data.arrears.principal, backgroundColor: ["#198754", "#ffc107", "#fd7e14", "#dc3545"] }]
      },
      options: { scales: { x: { reverse: rtl } }, plugins: { legend: legend(false) } }
    });
  }
  if (data.utilisation) {
    draw("chart-utilisation", {
      type: "bar",
      data: {
        labels: data.utilisation.labels,
        datasets: [{ label: "%", data: data.utilisation.percent, backgroundColor: palette[5] }]
      },
      options: { indexAxis: "y", scales: { x: { min: 0, max: 100, reverse: rtl } }, plugins: { legend: legend(false) } }
    });
  }
  document.documentElement.dataset.chartsReady = "true";
})();
