/*
 * dataflow console: live charts (uPlot) fed by the admin API, ajax actions and periodic ajax
 * refresh of the JSF panels. Every element with data-chart-url becomes a chart; every element with
 * data-autorefresh="ms" is clicked (an invisible ajax button) at that interval.
 *
 * The Content-Security-Policy allows no inline script, so the pages carry no f:ajax and no
 * onclick/onchange: a button or select with data-ajax-render="client ids" is sent with
 * faces.ajax.request (execute: data-ajax-execute, default @this) by the listeners below, and
 * data-confirm="question" asks first.
 */
(function () {
  "use strict";
  var PALETTE = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#4b5563"];
  var REFRESH_MS = 5000;
  var WINDOW_SECONDS = 15 * 60;

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
        return r.json();
      });
  }

  function Chart(el) {
    this.el = el;
    this.url = el.getAttribute("data-chart-url");
    this.unit = el.getAttribute("data-chart-unit") || "";
    this.percent = el.getAttribute("data-chart-percent") === "true";
    this.plot = null;
    this.names = "";
  }

  Chart.prototype.options = function (series) {
    var self = this;
    var fmt = function (u, v) {
      if (v == null) { return "–"; }
      return self.percent ? (v * 100).toFixed(1) + " %" : (v < 10 ? v.toFixed(2) : v.toFixed(0)) + " " + self.unit;
    };
    return {
      width: Math.max(320, this.el.clientWidth),
      height: 300,
      cursor: { drag: { x: true, y: false } },
      // Always the whole window, so a young server shows its first minutes at the right edge.
      scales: { x: { time: true, range: function (u, min, max) { return [max - WINDOW_SECONDS, max]; } }, y: this.percent ? { range: [0, 1] } : { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } },
      axes: [
        { stroke: "#64748b", grid: { stroke: "#eef2f7" } },
        {
          stroke: "#64748b", grid: { stroke: "#eef2f7" }, size: 60,
          values: function (u, ticks) { return ticks.map(function (v) { return self.percent ? (v * 100).toFixed(0) + "%" : v; }); }
        }
      ],
      series: [{ label: "time" }].concat(series.map(function (s, i) {
        var c = PALETTE[i % PALETTE.length];
        return { label: s.name, stroke: c, width: 2, fill: c + "14", spanGaps: false, value: fmt, points: { show: false } };
      }))
    };
  };

  Chart.prototype.render = function (chart) {
    var data = [chart.times].concat(chart.series.map(function (s) { return s.values; }));
    var names = chart.series.map(function (s) { return s.name; }).join(",");
    var points = 0, nonzero = 0, max = 0;
    chart.series.forEach(function (s) {
      s.values.forEach(function (v) {
        if (v != null) { points++; if (v > 0) { nonzero++; } if (v > max) { max = v; } }
      });
    });
    // What the chart holds, for tests and the curious: points drawn, points above zero, the peak.
    this.el.setAttribute("data-points", String(points));
    this.el.setAttribute("data-nonzero", String(nonzero));
    this.el.setAttribute("data-max", String(max));
    this.el.setAttribute("data-updated", String(Date.now()));
    if (chart.series.length === 0) {
      if (this.plot) { this.plot.destroy(); this.plot = null; }
      this.el.innerHTML = '<div class="chart-empty">No series yet: nothing runs here that this chart shows.</div>';
      this.names = "";
      return;
    }
    if (!this.plot || names !== this.names) {
      if (this.plot) { this.plot.destroy(); }
      this.el.innerHTML = "";
      this.plot = new uPlot(this.options(chart.series), data, this.el);
      this.names = names;
    } else {
      this.plot.setData(data);
    }
  };

  Chart.prototype.refresh = function () {
    var self = this;
    return fetchJson(this.url).then(function (c) { self.render(c); })
      .catch(function (e) { self.el.setAttribute("data-error", String(e)); });
  };

  Chart.prototype.resize = function () {
    if (this.plot) { this.plot.setSize({ width: Math.max(320, this.el.clientWidth), height: 300 }); }
  };

  function ajaxSource(target) {
    return target && target.closest ? target.closest("[data-ajax-render]") : null;
  }

  function sendAjax(el, event) {
    faces.ajax.request(el, event, {
      execute: el.getAttribute("data-ajax-execute") || "@this",
      render: el.getAttribute("data-ajax-render")
    });
  }

  // Delegated on the document, so the listeners survive ajax updates of the panels.
  document.addEventListener("click", function (event) {
    var el = ajaxSource(event.target);
    if (!el || el.tagName === "SELECT" || el.disabled) { return; }
    event.preventDefault();
    var question = el.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { return; }
    sendAjax(el, event);
  });
  document.addEventListener("change", function (event) {
    var el = ajaxSource(event.target);
    if (el && el.tagName === "SELECT") { sendAjax(el, event); }
  });

  function start() {
    var charts = Array.prototype.map.call(document.querySelectorAll("[data-chart-url]"), function (el) {
      return new Chart(el);
    });
    charts.forEach(function (c) { c.refresh(); });
    if (charts.length) {
      setInterval(function () { charts.forEach(function (c) { c.refresh(); }); }, REFRESH_MS);
      window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-autorefresh]"), function (button) {
      var ms = parseInt(button.getAttribute("data-autorefresh"), 10) || REFRESH_MS;
      var id = button.id;
      setInterval(function () {
        // Look the button up again: an ajax render may have replaced it.
        var b = document.getElementById(id);
        if (b && !document.hidden) { b.click(); }
      }, ms);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
