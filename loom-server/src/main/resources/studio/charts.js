// Loom Studio's charts: small SVG line charts over a fixed time window, with alert thresholds drawn as dashed
// lines. Plain DOM and SVG, no library: a dozen polylines a few seconds apart need no more, and this keeps Studio
// free of third-party code (see docs/STUDIO.md). Everything is built with createElementNS, never from markup, so
// no data can become markup.
"use strict";
window.LoomCharts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const HEIGHT = 150, PAD_L = 58, PAD_R = 8, PAD_T = 8, PAD_B = 18;

  function svg(tag, attrs, parent) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (parent) parent.appendChild(el);
    return el;
  }

  /** A round number at or above v, so the axis reads 0, 50, 100 rather than 0, 47.3, 94.6. */
  function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  /**
   * Draws spec into container (replacing what was there).
   * spec: { times: [epoch ms], windowMs, now, series: [{name, values: [number|null], cls}],
   *         thresholds: [{value, level: "warn"|"crit", label}], format: (number) => string }
   */
  function render(container, spec) {
    const width = Math.max(240, Math.round(container.clientWidth || 600));
    const root = svg("svg", { viewBox: `0 0 ${width} ${HEIGHT}`, role: "img", "aria-label": spec.label || "chart" });
    const end = spec.now, start = end - spec.windowMs;
    let max = 0;
    for (const s of spec.series) for (const v of s.values) if (v != null && v > max) max = v;
    // The lowest threshold is always on the scale, so the chart shows how far the node is from an alert.
    const lowest = Math.min(...(spec.thresholds || []).map(t => t.value).filter(v => v > 0), Infinity);
    if (lowest !== Infinity) max = Math.max(max, lowest * 1.1);
    max = niceMax(max * 1.08);
    const x = t => PAD_L + (t - start) / (end - start) * (width - PAD_L - PAD_R);
    const y = v => PAD_T + (1 - v / max) * (HEIGHT - PAD_T - PAD_B);
    for (const f of [0, 0.5, 1]) {
      const v = max * f;
      svg("line", { x1: PAD_L, x2: width - PAD_R, y1: y(v), y2: y(v), class: "grid-line" }, root);
      svg("text", { x: PAD_L - 6, y: y(v) + 3, "text-anchor": "end", class: "axis" }, root).textContent = spec.format(v);
    }
    for (const [minutesAgo, anchor] of [[15, "start"], [10, "middle"], [5, "middle"], [0, "end"]]) {
      const t = end - minutesAgo * 60000;
      svg("text", { x: x(t), y: HEIGHT - 4, "text-anchor": anchor, class: "axis" }, root).textContent =
        minutesAgo === 0 ? "now" : `-${minutesAgo}m`;
    }
    for (const t of spec.thresholds || []) {
      if (t.value > max) continue;
      svg("line", { x1: PAD_L, x2: width - PAD_R, y1: y(t.value), y2: y(t.value), class: `threshold ${t.level}` }, root);
      svg("text", { x: width - PAD_R - 2, y: y(t.value) - 3, "text-anchor": "end", class: `threshold-label ${t.level}` },
        root).textContent = t.label;
    }
    spec.series.forEach(s => {
      // A null (no data for that sample) breaks the line instead of drawing it down to zero.
      let points = [];
      const flush = () => {
        if (points.length > 1) svg("polyline", { points: points.join(" "), class: `series ${s.cls}` }, root);
        else if (points.length === 1) {
          const [px, py] = points[0].split(",");
          svg("circle", { cx: px, cy: py, r: 1.8, class: s.cls }, root);
        }
        points = [];
      };
      s.values.forEach((v, i) => {
        const t = spec.times[i];
        if (v == null || t < start) { flush(); return; }
        points.push(`${x(t).toFixed(1)},${y(Math.min(v, max)).toFixed(1)}`);
      });
      flush();
    });
    container.replaceChildren(root);
  }

  return { render };
})();
