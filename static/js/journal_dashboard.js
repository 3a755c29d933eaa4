// Draw the growth charts with the vendored Chart.js from the numbers the page already holds.
(function () {
  "use strict";
  var source = document.getElementById("journal-stats");
  if (!source || !window.Chart) { return; }
  var stats = JSON.parse(source.textContent);
  var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.animation = reduce ? false : Chart.defaults.animation;
  // Okabe-Ito: told apart with the common colour-vision differences (feelings use the same
  // colours per family, from the page's data).
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#767676"];

  // Every bar keeps its label: Chart.js skips category labels it thinks crowded, so each chart
  // gets the room its labels need instead: a row per bar on a horizontal chart, a column per
  // bar on a vertical one (its box scrolls sideways on a phone), and a legend with space for
  // every slice of a doughnut.
  var ROW = 30;      // px per bar of a horizontal chart
  var COLUMN = 34;   // px per category of a vertical chart
  var LEGEND_ROW = 26;

  function boxFor(canvas) {
    var scroll = document.createElement("div");
    scroll.className = "chart-scroll scroll-latest";  // a chart by week or month opens at the latest
    var box = document.createElement("div");
    box.className = "chart-box";
    canvas.parentNode.insertBefore(scroll, canvas);
    scroll.appendChild(box);
    box.appendChild(canvas);
    return box;
  }

  function labelEveryCategory(config) {
    var options = config.options = config.options || {};
    options.responsive = true;
    options.maintainAspectRatio = false;
    if (config.type === "doughnut") { return; }
    var axis = options.indexAxis === "y" ? "y" : "x";
    var scales = options.scales = options.scales || {};
    var scale = scales[axis] = scales[axis] || {};
    scale.ticks = Object.assign({}, scale.ticks, { autoSkip: false });
    if (axis === "x") { scale.ticks.maxRotation = 90; }
  }

  function size(box, config) {
    var count = (config.data.labels || []).length;
    if (config.type === "doughnut") {
      box.style.height = (240 + Math.ceil(count / 2) * LEGEND_ROW) + "px";
    } else if (config.options.indexAxis === "y") {
      box.style.height = (count * ROW + 70) + "px";
    } else {
      box.style.height = "18rem";
      box.style.minWidth = (count * COLUMN + 60) + "px";
    }
  }

  function draw(id, config) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    labelEveryCategory(config);
    size(boxFor(el), config);
    var chart = new Chart(el, config);
    el.dataset.ready = "1";
    return chart;
  }

  // Axis labels in the page's language: "1 dic" / "Dec 1", "jun 2026" / "2026年6月" (the data
  // keeps ISO dates: "2026-12-01", "2026-06").
  var pageLanguage = document.documentElement.lang || undefined;
  var dayFormat = new Intl.DateTimeFormat(pageLanguage, { day: "numeric", month: "short", timeZone: "UTC" });
  var monthFormat = new Intl.DateTimeFormat(pageLanguage, { month: "short", year: "numeric", timeZone: "UTC" });
  function dayLabel(iso) { return dayFormat.format(new Date(iso + "T00:00:00Z")); }
  function monthLabel(iso) { return monthFormat.format(new Date(iso + "-01T00:00:00Z")); }
  draw("chart-weeks", {
    type: "bar",
    data: { labels: stats.weeks.map(function (w) { return dayLabel(w.week); }),
            datasets: [{ label: gettext("Cries"), data: stats.weeks.map(function (w) { return w.count; }), backgroundColor: palette[0] }] },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  draw("chart-months", {
    type: "line",
    data: { labels: stats.months.map(function (m) { return monthLabel(m.month); }),
            datasets: [
              { label: gettext("Average strength (1–5)"), data: stats.months.map(function (m) { return m.intensity; }), borderColor: palette[1], spanGaps: true },
              { label: gettext("Average relief (0–3)"), data: stats.months.map(function (m) { return m.relief; }), borderColor: palette[2], spanGaps: true }
            ] },
    options: { scales: { y: { beginAtZero: true, max: 5 } } }
  });
  draw("chart-kinds", {
    type: "bar",
    data: { labels: stats.months.map(function (m) { return monthLabel(m.month); }),
            datasets: stats.kinds.map(function (k, i) {
              return { label: stats.kind_names[i], data: stats.months.map(function (m) { return m.kinds[k]; }), backgroundColor: palette[i % palette.length] };
            }) },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
  });
  draw("chart-emotions", {
    type: "bar",
    data: { labels: stats.emotions.map(function (e) { return e.label; }),
            datasets: [{ label: gettext("Times named"), data: stats.emotions.map(function (e) { return e.count; }),
                         backgroundColor: stats.emotions.map(function (e) { return e.colour; }) }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } },
               scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  draw("chart-company", {
    type: "bar",
    data: { labels: stats.relief_by_company.map(function (r) { return r.label; }),
            datasets: [{ label: gettext("Share that left you lighter"), data: stats.relief_by_company.map(function (r) { return Math.round(r.lighter_share * 100); }), backgroundColor: palette[2] }] },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, max: 100 } } }
  });
  draw("chart-tools", {
    type: "bar",
    data: { labels: stats.relief_by_tool.map(function (r) { return r.label; }),
            datasets: [{ label: gettext("Average relief (0–3)"), data: stats.relief_by_tool.map(function (r) { return r.relief; }), backgroundColor: palette[5] }] },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, max: 3 } } }
  });
})();
