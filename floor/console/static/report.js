// The printable daily report: figures and charts from /api/report.
import { api } from "./api.js";
import { barChart } from "./charts.js";
import { h, replace } from "./dom.js";
import { getLang, setLang, t } from "./i18n.js";

const R = {
  vi: { title: "Báo cáo ngày", print: "In", sat: "Hài lòng", actions: "Thao tác của lãnh đạo", per_hour: "Số cấp theo giờ", per_counter: "Đã phục vụ theo quầy", sat_counter: "% hài lòng theo quầy" },
  en: { title: "Daily report", print: "Print", sat: "Satisfied", actions: "Manager actions", per_hour: "Tickets issued by hour", per_counter: "Served by counter", sat_counter: "% satisfied by counter" },
};
const r = (key) => R[getLang()][key];
const v = (x, unit = "") => (x === null || x === undefined ? "—" : `${x}${unit}`);

async function show() {
  document.documentElement.lang = getLang();
  $("#lang").textContent = getLang() === "vi" ? "EN" : "VI";
  $("#print").textContent = r("print");
  const day = $("#day").value;
  let data, center;
  try {
    [data, center] = await Promise.all([api(`/report${day ? `?day=${day}` : ""}`), api("/center")]);
  } catch {
    location.href = "/";
    return;
  }
  $("#day").value = data.day;
  document.title = `${r("title")} ${data.day}`;
  const field = (id) => center.fields.find((f) => f.id === id)?.name[getLang()] ?? id;
  const proc = (id) => center.procedures.find((p) => p.id === id)?.name[getLang()] ?? id;
  const table = (heads, rows) => h("table", { class: "grid" }, h("thead", {}, h("tr", {}, heads.map((x) => h("th", {}, x)))),
    h("tbody", {}, rows.map((row) => h("tr", {}, row.map((c) => h("td", {}, String(c)))))));
  replace($("#report"),
    h("h1", {}, `${r("title")} · ${data.day}`), h("p", { class: "muted" }, data.center),
    h("div", { class: "kpis" }, [
      [t("issued"), data.issued], [t("served"), data.served], [t("no_shows"), data.no_shows],
      [t("mean_wait"), v(data.mean_wait_min, " min")], [t("mean_service"), v(data.mean_service_min, " min")],
      [r("sat"), v(data.satisfied_pct, "%")], [r("actions"), data.manager_actions],
    ].map(([k, x]) => h("div", { class: "kpi" }, k, h("b", {}, String(x))))),
    h("section", {}, h("h2", {}, r("per_hour")), barChart(data.hours.map((x) => ({ label: `${x.hour}h`, value: x.issued })))),
    h("section", {}, h("h2", {}, r("per_counter")), barChart(data.counters.map((x) => ({ label: String(x.counter), value: x.served })))),
    h("section", {}, h("h2", {}, r("sat_counter")), barChart(data.counters.map((x) => ({ label: String(x.counter), value: x.satisfied_pct,
      cls: x.satisfied_pct !== null && x.satisfied_pct < 60 ? "bar bad" : "bar" })), { max: 100, unit: "%" })),
    h("section", {}, h("h2", {}, t("counters")), table([t("counter"), t("served"), t("no_shows"), t("mean_service"), t("ratings_n", { n: "" }).trim(), r("sat")],
      data.counters.map((x) => [x.counter, x.served, x.no_shows, v(x.mean_service_min, " min"), x.ratings, v(x.satisfied_pct, "%")]))),
    h("section", {}, h("h2", {}, t("fields")), table([t("field"), t("issued"), t("served"), t("mean_wait"), t("longest_wait")],
      data.fields.map((x) => [field(x.field), x.issued, x.served, v(x.mean_wait_min, " min"), v(x.max_wait_min, " min")]))),
    h("section", {}, h("h2", {}, t("sat_by_procedure")), table(["", t("issued"), t("ratings_n", { n: "" }).trim(), r("sat")],
      data.procedures.map((x) => [proc(x.procedure), x.issued, x.ratings, v(x.satisfied_pct, "%")]))));
}

const $ = (sel) => document.querySelector(sel);
$("#print").addEventListener("click", () => window.print());
$("#day").addEventListener("change", show);
$("#lang").addEventListener("click", () => { setLang(getLang() === "vi" ? "en" : "vi"); show(); });
show();
