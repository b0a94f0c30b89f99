// The live floor map (SVG), drawn from the center's layout file.
import { s, replace } from "./dom.js";
import { t } from "./i18n.js";
import { nameOf, shortName } from "./names.js";

export class FloorMap {
  constructor(root) {
    this.root = root;
    this.layout = null;
    this.robots = new Map();
  }

  setLayout(layout) {
    this.layout = layout;
    const H = layout.height;
    this.svg = s("svg", {
      viewBox: `-0.2 -0.2 ${layout.width + 0.4} ${H + 0.4}`,
      class: "floor-map",
      role: "img",
      "aria-label": layout.name,
      "data-testid": "floor-map",
    });
    const base = s("g", { class: "map-base" });
    for (const b of layout.blocks) {
      const x0 = Math.min(b.x0, b.x1), x1 = Math.max(b.x0, b.x1);
      const y0 = Math.min(b.y0, b.y1), y1 = Math.max(b.y0, b.y1);
      base.append(s("rect", {
        x: x0, y: H - y1, width: x1 - x0, height: y1 - y0,
        class: `blk blk-${b.kind}`, id: b.kind === "kiosk" ? `map-dev-${b.name}` : null,
      }));
    }
    for (const p of layout.places) {
      if (p.kind === "dock" || p.kind === "entrance" || p.kind === "station") {
        base.append(s("text", { x: p.x, y: H - p.y + 0.55, class: "map-label" }, nameOf(p.name)));
      }
    }
    this.dynamic = s("g", { class: "map-dynamic" });
    this.robotLayer = s("g", { class: "map-robots" });
    this.svg.append(base, this.dynamic, this.robotLayer);
    replace(this.root, this.svg);
    this.robots.clear();
  }

  update(floor, center) {
    if (!this.layout) return;
    const H = this.layout.height;
    const counters = new Map(floor.counters.map((c) => [c.number, c]));
    const devices = new Map(floor.devices.map((d) => [d.id, d]));
    const areas = new Map(floor.areas.map((a) => [a.place, a.waiting]));
    const nodes = [];
    for (const p of this.layout.places) {
      if (p.kind === "counter" && counters.has(p.counter)) {
        const c = counters.get(p.counter);
        const dev = devices.get(`counter-${p.counter}`);
        nodes.push(s("g", { class: `map-counter st-${c.status}`, "data-testid": `map-counter-${c.number}` },
          s("title", {}, `${t("counter_n", { n: c.number })} · ${t(`status_${c.status}`)}`),
          s("rect", { x: p.x - 0.72, y: H - p.y - 0.5, width: 1.44, height: 1.0, rx: 0.12 }),
          s("text", { x: p.x, y: H - p.y - 0.12, class: "map-counter-no" }, `${t("counter")} ${c.number}`),
          s("text", { x: p.x, y: H - p.y + 0.36, class: "map-serving" }, c.serving || "—"),
          dev ? s("circle", { cx: p.x + 0.58, cy: H - p.y - 0.38, r: 0.09,
            class: dev.online ? "dot-on" : dev.bd_seq === null ? "dot-never" : "dot-off" }) : null,
        ));
      } else if (p.kind === "seats") {
        const n = areas.get(p.name) ?? 0;
        nodes.push(s("g", { class: "map-area", "data-testid": `map-area-${p.name}` },
          s("title", {}, t("waiting_people", { n })),
          s("circle", { cx: p.x + 4.3, cy: H - p.y, r: 0.42, class: n ? "area-busy" : "area-empty" }),
          s("text", { x: p.x + 4.3, y: H - p.y + 0.15, class: "map-area-n" }, String(n)),
        ));
      }
    }
    for (const k of floor.lockers || []) {
      if (k.x !== null && k.y !== null) nodes.push(lockerNode(k, H));
    }
    for (const d of floor.devices) {
      const el = this.svg.querySelector(`#map-dev-${CSS.escape(d.id)}`);
      if (el) el.classList.toggle("dev-off", !d.online);
    }
    replace(this.dynamic, nodes);
    this.updateRobots(floor.robots, H);
  }

  updateRobots(robots, H) {
    const seen = new Set();
    for (const r of robots) {
      seen.add(r.id);
      let g = this.robots.get(r.id);
      if (!g) {
        g = {
          node: s("g", { class: `map-robot kind-${r.kind}`, "data-testid": `map-robot-${r.id}` }),
          body: s("circle", { r: 0.34 }),
          bar: s("rect", { x: -0.35, y: 0.45, height: 0.12, class: "bat" }),
          label: s("text", { y: 0.1, class: "map-robot-label" }, shortName(r.id)),
          title: s("title", {}),
        };
        g.node.append(g.title, s("rect", { x: -0.35, y: 0.45, width: 0.7, height: 0.12, class: "bat-bg" }),
          g.bar, g.body, g.label);
        this.robotLayer.append(g.node);
        this.robots.set(r.id, g);
      }
      g.node.style.transform = `translate(${r.x}px, ${H - r.y}px)`;
      g.node.dataset.x = r.x;
      g.node.dataset.y = r.y;
      g.node.classList.toggle("off", !r.online);
      g.bar.setAttribute("width", Math.max(0, Math.min(1, r.battery)) * 0.7);
      g.bar.classList.toggle("low", r.battery < 0.2);
      const task = r.task ? t(`task_${r.task.kind}`) : t("no_task");
      g.title.textContent = `${nameOf(r.id)} · ${t("battery")} ${Math.round(r.battery * 100)}% · ${task}`;
    }
    for (const [id, g] of this.robots) {
      if (!seen.has(id)) {
        g.node.remove();
        this.robots.delete(id);
      }
    }
  }
}

/** A result locker (ATM hồ sơ): one small square per slot, coloured by its state. */
function lockerNode(k, H) {
  const cols = Math.min(k.slots.length, 6), step = 0.36;
  const rows = Math.ceil(k.slots.length / cols);
  const x0 = k.x - (cols * step) / 2, y0 = H - k.y - (rows * step) / 2;
  const used = k.slots.filter((slot) => slot.status !== "empty").length;
  return s("g", { class: "map-locker", "data-testid": `map-locker-${k.id}` },
    s("title", {}, t("locker_title", { n: used, total: k.slots.length })),
    k.slots.map((slot, i) => s("rect", {
      x: x0 + (i % cols) * step, y: y0 + Math.floor(i / cols) * step, width: step - 0.05,
      height: step - 0.05, rx: 0.04, class: `slot slot-${slot.status}`,
      "data-testid": `map-slot-${k.id}-${slot.slot}`, "data-status": slot.status,
    }, s("title", {}, `${t("locker_slot", { n: slot.slot })} · ${t(`slot_${slot.status}`)}`
      + (slot.dossier ? ` · ${slot.dossier}` : "")))),
    s("text", { x: k.x, y: y0 + rows * step + 0.3, class: "map-label" }, t("locker_name")));
}
