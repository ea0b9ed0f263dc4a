// The dashboard's charts (Chart.js), drawn from the json_script data the tables also show.
// A hidden ("<5") figure is null and is drawn as no bar. Each chart has a table beside it.
(function () {
  "use strict";
  // Long labels ("Anställda vid uppföljningen efter 12 månader …") are split into lines of at
  // most this many characters, so Chart.js neither cuts them at the edge nor skips any.
  var LABEL_LINE_CHARS = 22;
  var LINE_PX = 16;

  function wrap(label) {
    var lines = [];
    var line = "";
    String(label).split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > LABEL_LINE_CHARS) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("canvas.dashboard-chart").forEach(function (canvas) {
      var series = data[canvas.dataset.chart];
      if (!series) return;
      var prefix = canvas.dataset.prefix ? canvas.dataset.prefix + " " : "";
      var horizontal = canvas.dataset.chart === "funnel";
      var labels = series.labels.map(function (label) { return wrap(prefix + label); });
      if (horizontal) {
        // Room for every bar and every line of its label, at any width: Chart.js gives each
        // bar the same height, so the longest label decides.
        var most = labels.reduce(function (max, label) { return Math.max(max, label.length); }, 1);
        canvas.parentElement.style.height = (labels.length * (most * LINE_PX + 12) + 80) + "px";
      }
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: labels,
          datasets: [{
            label: canvas.dataset.axis,
            data: series.values,
            backgroundColor: "#1d4f91",
            borderColor: "#0b2a52",
            borderWidth: 1
          }]
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          maintainAspectRatio: !horizontal,
          animation: reduceMotion ? false : undefined,
          plugins: { legend: { display: true } },
          scales: {
            x: { beginAtZero: true, ticks: { autoSkip: horizontal } },
            y: { beginAtZero: true, ticks: { autoSkip: !horizontal } }
          }
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
