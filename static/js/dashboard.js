// The dashboard's charts (Chart.js), drawn from the json_script data the tables also show.
// A hidden ("<5") figure is null and is drawn as no bar. Each chart has a table beside it.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("canvas.dashboard-chart").forEach(function (canvas) {
      var series = data[canvas.dataset.chart];
      if (!series) return;
      var prefix = canvas.dataset.prefix ? canvas.dataset.prefix + " " : "";
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: series.labels.map(function (label) { return prefix + label; }),
          datasets: [{
            label: canvas.dataset.axis,
            data: series.values,
            backgroundColor: "#1d4f91",
            borderColor: "#0b2a52",
            borderWidth: 1
          }]
        },
        options: {
          indexAxis: canvas.dataset.chart === "funnel" ? "y" : "x",
          animation: reduceMotion ? false : undefined,
          plugins: { legend: { display: true } },
          scales: { x: { beginAtZero: true }, y: { beginAtZero: true } }
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
