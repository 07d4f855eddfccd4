// The region page's charts: one ECharts line chart per metric and unit, from the JSON the server
// embedded in the page. Actual values are a line with points, targets diamonds, values that a
// revision replaced hollow circles; hovering a point shows its report and sentence, clicking it
// opens the stored page.
(function () {
  "use strict";
  var KIND = { actual: "实际", target: "目标" };

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function formatValue(value) {
    return Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }

  // The figure's table row (id KEY-INDEX) holds its date, sentence and report.
  function row(chart, index) {
    return document.getElementById(chart.key + "-" + index);
  }

  function tooltip(chart) {
    return function (param) {
      var p = param.data.point;
      var tr = row(chart, param.data.index);
      var report = tr ? tr.querySelector("a.report") : null;
      return (
        "<b>" + escapeHtml(tr ? tr.querySelector(".as-of").textContent : "") + "</b> · " + (p[4] ? "约" : "") +
        formatValue(p[1]) + " " + escapeHtml(chart.unit_label) + " · " + escapeHtml(KIND[p[2]] || p[2]) + (p[3] ? " · 已修订" : "") +
        "<br><i>" + escapeHtml(report ? report.textContent : "") + "</i><br>" + escapeHtml(tr ? tr.querySelector(".quote").textContent : "")
      );
    };
  }

  // points are [day, value, kind, revised, approx]; a point without a day is only in the table
  function seriesData(chart, keep) {
    var data = [];
    chart.points.forEach(function (p, index) {
      if (p[0] && keep(p)) { data.push({ value: [p[0], p[1]], point: p, index: index }); }
    });
    return data;
  }

  function option(chart) {
    return {
      animation: false,
      grid: { left: 12, right: 24, top: 36, bottom: 24, containLabel: true },
      legend: { top: 0, right: 0, data: ["实际", "目标", "修订前"] },
      tooltip: {
        trigger: "item", confine: true, formatter: tooltip(chart),
        extraCssText: "white-space: normal; max-width: 340px;"
      },
      // whole years on the time axis: a series is often one or two points, and a single point
      // would otherwise get an axis of hours
      xAxis: {
        type: "time",
        min: function (v) { return new Date(new Date(v.min).getFullYear(), 0, 1).getTime(); },
        max: function (v) { return new Date(new Date(v.max).getFullYear() + 1, 0, 1).getTime(); },
        axisLabel: { hideOverlap: true, showMinLabel: true, formatter: { year: "{yyyy}", month: "{yyyy}-{MM}", day: "{MM}-{dd}" } }
      },
      yAxis: { type: "value", name: chart.unit_label, scale: chart.unit === "percent" ? false : true },
      series: [
        { name: "实际", type: "line", symbol: "circle", symbolSize: 8, data: seriesData(chart, function (p) { return p[2] === "actual" && !p[3]; }) },
        { name: "目标", type: "scatter", symbol: "diamond", symbolSize: 14, data: seriesData(chart, function (p) { return p[2] === "target" && !p[3]; }) },
        { name: "修订前", type: "scatter", symbol: "emptyCircle", symbolSize: 12, itemStyle: { color: "#999" }, data: seriesData(chart, function (p) { return p[3]; }) }
      ]
    };
  }

  // A chart is drawn when it comes near the viewport: a region with 50 series would otherwise
  // spend a second drawing charts nobody has scrolled to yet.
  function drawAll() {
    var source = document.getElementById("chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var charts = JSON.parse(source.textContent);
    var elements = document.querySelectorAll("[data-chart]");
    var drawn = [];
    // read by the browser test and the benchmark: how many charts there are, how many are drawn,
    // and when the first screenful was (ms since navigation; ECharts paints in setOption)
    document.body.setAttribute("data-charts-total", String(elements.length));

    function drawOne(element) {
      var chart = charts[Number(element.getAttribute("data-chart"))];
      var instance = echarts.init(element, null, { renderer: "canvas" });
      instance.setOption(option(chart));
      instance.on("click", function (param) {  // to the stored page the figure came from
        var tr = param.data ? row(chart, param.data.index) : null;
        if (tr) { window.location.href = tr.querySelector("a.report").getAttribute("href"); }
      });
      drawn.push(instance);
      document.body.setAttribute("data-charts-drawn", String(drawn.length));
    }

    function firstScreenDone() {
      window.requestAnimationFrame(function () {
        document.body.setAttribute("data-charts-ms", String(Math.round(performance.now())));
      });
    }

    if (!("IntersectionObserver" in window)) {
      elements.forEach(drawOne);
      firstScreenDone();
    } else {
      var first = true;
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            drawOne(entry.target);
          }
        });
        if (first) { first = false; firstScreenDone(); }
      }, { rootMargin: "300px 0px" });
      elements.forEach(function (element) { observer.observe(element); });
    }
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
