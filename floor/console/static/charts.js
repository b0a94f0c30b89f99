// Small SVG charts: bars with labels. Values may be null (drawn as empty).
import { s } from "./dom.js";

export function barChart(points, { max = null, unit = "", height = 140, testid = null } = {}) {
  const width = Math.max(points.length * 36, 240);
  const top = max ?? Math.max(1, ...points.map((p) => p.value ?? 0));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height + 34}`, class: "chart", "data-testid": testid });
  const slot = width / Math.max(points.length, 1);
  svg.append(s("line", { x1: 0, x2: width, y1: height, y2: height, class: "axis" }));
  points.forEach((p, i) => {
    const x = i * slot + slot * 0.18;
    const w = slot * 0.64;
    if (p.value !== null && p.value !== undefined) {
      const bh = (p.value / top) * (height - 16);
      svg.append(s("rect", { x, y: height - bh, width: w, height: Math.max(bh, 1), class: p.cls || "bar" }));
      svg.append(s("text", { x: x + w / 2, y: height - bh - 4, class: "chart-value" }, `${Math.round(p.value)}${unit}`));
    }
    svg.append(s("text", { x: x + w / 2, y: height + 16, class: "chart-label" }, p.label));
    if (p.sub) svg.append(s("text", { x: x + w / 2, y: height + 30, class: "chart-sub" }, p.sub));
  });
  return svg;
}

export function stackBar(levels, total, classes) {
  const svg = s("svg", { viewBox: "0 0 100 10", preserveAspectRatio: "none", class: "stack" });
  let x = 0;
  levels.forEach((n, i) => {
    if (!n) return;
    const w = (100 * n) / total;
    svg.append(s("rect", { x, y: 0, width: w, height: 10, class: classes[i] }));
    x += w;
  });
  return svg;
}
