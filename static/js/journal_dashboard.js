// Draw the growth charts with the vendored Chart.js from the numbers the page already holds.
(function () {
  "use strict";
  var source = document.getElementById("journal-stats");
  if (!source || !window.Chart) { return; }
  var stats = JSON.parse(source.textContent);
  var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.animation = reduce ? false : Chart.defaults.animation;
  var palette = ["#4a6fa5", "#c77d4a", "#6a9f6a", "#9a6ab0", "#c9a43b", "#5aa5a5", "#a0a0a0"];

  function draw(id, config) {
    var el = document.getElementById(id);
    if (el) { el.dataset.ready = "1"; return new Chart(el, config); }
    return null;
  }

  draw("chart-weeks", {
    type: "bar",
    data: { labels: stats.weeks.map(function (w) { return w.week; }),
            datasets: [{ label: "Cries", data: stats.weeks.map(function (w) { return w.count; }), backgroundColor: palette[0] }] },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  draw("chart-months", {
    type: "line",
    data: { labels: stats.months.map(function (m) { return m.month; }),
            datasets: [
              { label: "Average strength (1–5)", data: stats.months.map(function (m) { return m.intensity; }), borderColor: palette[1], spanGaps: true },
              { label: "Average relief (0–3)", data: stats.months.map(function (m) { return m.relief; }), borderColor: palette[2], spanGaps: true }
            ] },
    options: { scales: { y: { beginAtZero: true, max: 5 } } }
  });
  draw("chart-kinds", {
    type: "bar",
    data: { labels: stats.months.map(function (m) { return m.month; }),
            datasets: stats.kinds.map(function (k, i) {
              return { label: k === "unsaid" ? "not said" : k, data: stats.months.map(function (m) { return m.kinds[k]; }), backgroundColor: palette[i % palette.length] };
            }) },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
  });
  draw("chart-emotions", {
    type: "doughnut",
    data: { labels: stats.emotions.map(function (e) { return e.label; }),
            datasets: [{ data: stats.emotions.map(function (e) { return e.count; }), backgroundColor: palette }] }
  });
  draw("chart-company", {
    type: "bar",
    data: { labels: stats.relief_by_company.map(function (r) { return r.label; }),
            datasets: [{ label: "Share that left you lighter", data: stats.relief_by_company.map(function (r) { return Math.round(r.lighter_share * 100); }), backgroundColor: palette[2] }] },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, max: 100 } } }
  });
  draw("chart-tools", {
    type: "bar",
    data: { labels: stats.relief_by_tool.map(function (r) { return r.label; }),
            datasets: [{ label: "Average relief (0–3)", data: stats.relief_by_tool.map(function (r) { return r.relief; }), backgroundColor: palette[5] }] },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, max: 3 } } }
  });
})();
