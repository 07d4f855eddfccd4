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

  function tooltip(chart) {
    return function (param) {
      var p = param.data.point;
      return (
        "<b>" + escapeHtml(p.as_of || "—") + "</b> · " + (p.approx ? "约" : "") + formatValue(p.value) + " " + escapeHtml(chart.unit_label) +
        " · " + escapeHtml(KIND[p.kind] || p.kind) + (p.superseded ? " · 已修订" : "") +
        "<br><i>" + escapeHtml(p.title) + "</i><br>" + escapeHtml(p.quote)
      );
    };
  }

  function seriesData(chart, keep) {
    return chart.points.filter(function (p) { return p.day && keep(p); }).map(function (p) {
      return { value: [p.day, p.value], point: p };
    });
  }

  function option(chart) {
    return {
      animation: false,
      grid: { left: 12, right: 24, top: 36, bottom: 24, containLabel: true },
      legend: { top: 0, data: ["实际", "目标", "修订前"] },
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
        axisLabel: { hideOverlap: true, formatter: { year: "{yyyy}", month: "{yyyy}-{MM}", day: "{MM}-{dd}" } }
      },
      yAxis: { type: "value", name: chart.unit_label, scale: chart.unit === "percent" ? false : true },
      series: [
        { name: "实际", type: "line", symbol: "circle", symbolSize: 8, data: seriesData(chart, function (p) { return p.kind === "actual" && !p.superseded; }) },
        { name: "目标", type: "scatter", symbol: "diamond", symbolSize: 14, data: seriesData(chart, function (p) { return p.kind === "target" && !p.superseded; }) },
        { name: "修订前", type: "scatter", symbol: "emptyCircle", symbolSize: 12, itemStyle: { color: "#999" }, data: seriesData(chart, function (p) { return p.superseded; }) }
      ]
    };
  }

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var charts = JSON.parse(source.textContent);
    var drawn = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var chart = charts[Number(element.getAttribute("data-chart"))];
      var instance = echarts.init(element, null, { renderer: "canvas" });
      instance.setOption(option(chart));
      instance.on("click", function (param) {
        if (param.data && param.data.point) {
          window.location.href = "/page?url=" + encodeURIComponent(param.data.point.url);
        }
      });
      drawn.push(instance);
    });
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
    // read by the browser test and the benchmark: how many charts were drawn
    document.body.setAttribute("data-charts-drawn", String(drawn.length));
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
