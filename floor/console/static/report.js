// The printable report for a day or a range (this week, this month): figures and charts
// from /api/report, in the page language's number and date formats.
import { api } from "./api.js";
import { barChart } from "./charts.js";
import { h, replace } from "./dom.js";
import { getLang, setLang, t } from "./i18n.js";

const R = {
  vi: {
    title: "Báo cáo", title_day: "Báo cáo ngày", print: "In", sat: "Hài lòng", actions: "Thao tác của lãnh đạo", mobile: "Số lấy trên điện thoại", chat: "Câu hỏi trò chuyện (chưa chắc)", per_hour: "Số đã cấp theo giờ trong ngày",
    per_counter: "Đã phục vụ theo quầy", sat_counter: "% hài lòng theo quầy", per_day: "Theo ngày", day: "Ngày",
    from: "Từ ngày", to: "Đến ngày", today: "Hôm nay", week: "Tuần này", month: "Tháng này", hour: "{h} giờ",
  },
  en: {
    title: "Report", title_day: "Daily report", print: "Print", sat: "Satisfied", actions: "Manager actions", mobile: "Numbers taken by phone", chat: "Chat questions (unsure)", per_hour: "Tickets issued by hour of the day",
    per_counter: "Served by counter", sat_counter: "% satisfied by counter", per_day: "By day", day: "Day",
    from: "From", to: "To", today: "Today", week: "This week", month: "This month", hour: "{h}:00",
  },
};
const r = (key, params = {}) => R[getLang()][key].replace(/\{(\w+)\}/g, (_, k) => params[k] ?? "");
const locale = () => (getLang() === "vi" ? "vi-VN" : "en-GB");
const num = (x, digits = 1) => (x === null || x === undefined ? "—" : new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(x));
const pct = (x) => (x === null || x === undefined ? "—" : `${num(x)}%`);
const mins = (x) => (x === null || x === undefined ? "—" : t("minutes", { n: num(x) }));
const dayName = (iso) => { const [y, m, d] = iso.split("-").map(Number); return new Date(y, m - 1, d).toLocaleDateString(locale()); };
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
const $ = (sel) => document.querySelector(sel);

function span(kind) {
  const now = new Date();
  const first = new Date(now);
  if (kind === "week") first.setDate(now.getDate() - ((now.getDay() + 6) % 7));  // Monday
  if (kind === "month") first.setDate(1);
  $("#day").value = iso(first);
  $("#to").value = iso(now);
  show();
}

async function show() {
  document.documentElement.lang = getLang();
  for (const key of ["print", "today", "week", "month"]) $(`#${key}`).textContent = r(key);
  $("#from-label").textContent = r("from");
  $("#to-label").textContent = r("to");
  $("#lang").textContent = getLang() === "vi" ? "EN" : "VI";
  const params = new URLSearchParams();
  if ($("#day").value) params.set("day", $("#day").value);
  if ($("#to").value) params.set("to", $("#to").value);
  history.replaceState(null, "", `?${params}`);
  let data, center;
  try {
    [data, center] = await Promise.all([api(`/report?${params}`), api("/center")]);
  } catch {
    location.href = "/";
    return;
  }
  $("#day").value = data.day;
  $("#to").value = data.last_day;
  const when = data.day === data.last_day ? dayName(data.day) : `${dayName(data.day)} – ${dayName(data.last_day)}`;
  document.title = `${r("title")} ${when}`;
  const field = (id) => center.fields.find((f) => f.id === id)?.name[getLang()] ?? id;
  const proc = (id) => center.procedures.find((p) => p.id === id)?.name[getLang()] ?? id;
  const table = (heads, rows, testid) => h("table", { class: "grid", "data-testid": testid }, h("thead", {}, h("tr", {}, heads.map((x) => h("th", {}, x)))),
    h("tbody", {}, rows.map((row) => h("tr", {}, row.map((c) => h("td", {}, String(c)))))));
  replace($("#report"),
    h("h1", {}, data.day === data.last_day ? `${r("title_day")} ${when}` : `${r("title")} · ${when}`), h("p", { class: "muted" }, data.center),
    h("div", { class: "kpis" }, [
      [t("issued"), num(data.issued)], [t("served"), num(data.served)], [t("no_shows"), num(data.no_shows)],
      [t("mean_wait"), mins(data.mean_wait_min)], [t("mean_service"), mins(data.mean_service_min)],
      [r("sat"), pct(data.satisfied_pct)], [r("actions"), num(data.manager_actions)],
      [r("mobile"), num(data.mobile_tickets)], [r("chat"), `${num(data.chat_questions)} (${num(data.chat_unsure)})`],
    ].map(([k, x]) => h("div", { class: "kpi" }, k, h("b", {}, x)))),
    data.days.length > 1 ? h("section", {}, h("h2", {}, r("per_day")),
      table([r("day"), t("issued"), t("served"), t("no_shows"), t("mean_wait"), r("sat")],
        data.days.map((x) => [dayName(x.day), num(x.issued), num(x.served), num(x.no_shows), mins(x.mean_wait_min), pct(x.satisfied_pct)]), "report-days")) : null,
    h("section", {}, h("h2", {}, r("per_hour")), barChart(data.hours.map((x) => ({ label: r("hour", { h: x.hour }), value: x.issued })), { testid: "report-hours" })),
    h("section", {}, h("h2", {}, r("per_counter")), barChart(data.counters.map((x) => ({ label: String(x.counter), value: x.served })))),
    h("section", {}, h("h2", {}, r("sat_counter")), barChart(data.counters.map((x) => ({ label: String(x.counter), value: x.satisfied_pct,
      cls: x.satisfied_pct !== null && x.satisfied_pct < 60 ? "bar bad" : "bar" })), { max: 100, unit: "%" })),
    h("section", {}, h("h2", {}, t("counters")), table([t("counter"), t("served"), t("no_shows"), t("mean_service"), t("ratings_n", { n: "" }).trim(), r("sat")],
      data.counters.map((x) => [x.counter, num(x.served), num(x.no_shows), mins(x.mean_service_min), num(x.ratings), pct(x.satisfied_pct)]), "report-counters")),
    h("section", {}, h("h2", {}, t("fields")), table([t("field"), t("issued"), t("served"), t("mean_wait"), t("longest_wait")],
      data.fields.map((x) => [field(x.field), num(x.issued), num(x.served), mins(x.mean_wait_min), mins(x.max_wait_min)]), "report-fields")),
    h("section", {}, h("h2", {}, t("sat_by_procedure")), table(["", t("issued"), t("ratings_n", { n: "" }).trim(), r("sat")],
      data.procedures.map((x) => [proc(x.procedure), num(x.issued), num(x.ratings), pct(x.satisfied_pct)]))));
}

const query = new URLSearchParams(location.search);
$("#day").value = query.get("day") ?? "";
$("#to").value = query.get("to") ?? "";
$("#print").addEventListener("click", () => window.print());
$("#day").addEventListener("change", show);
$("#to").addEventListener("change", show);
$("#today").addEventListener("click", () => { $("#day").value = ""; $("#to").value = ""; show(); });
$("#week").addEventListener("click", () => span("week"));
$("#month").addEventListener("click", () => span("month"));
$("#lang").addEventListener("click", () => { setLang(getLang() === "vi" ? "en" : "vi"); show(); });
show();
