// The floor console page: sign-in, live view over SSE, actions through the JSON API.
import { api, ApiError } from "./api.js";
import { barChart, stackBar } from "./charts.js";
import { h, replace } from "./dom.js";
import { FloorMap } from "./map.js";
import { renderLockerDesk } from "./locker.js";
import { getLang, setLang, t } from "./i18n.js";
import { nameOf, sourceName } from "./names.js";

const $ = (sel) => document.querySelector(sel);
const app = { me: null, center: null, floor: null, tab: "floor", map: null, source: null, log: [] };

const fmtTime = (iso) => new Date(iso).toLocaleTimeString(getLang() === "vi" ? "vi-VN" : "en-GB",
  { hour: "2-digit", minute: "2-digit", timeZone: app.center?.timezone });
const fmtNum = (x, digits = 1) => new Intl.NumberFormat(getLang() === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: digits }).format(x);
const fmtMin = (s) => (s === null || s === undefined ? "—" : t("minutes", { n: fmtNum(s / 60) }));
const fieldName = (id) => app.center?.fields.find((f) => f.id === id)?.name[getLang()] ?? id;
const procName = (id) => app.center?.procedures.find((p) => p.id === id)?.name[getLang()] ?? id;
const levelName = (level) => t(`level_${app.center.rating_levels}_${level}`);
const canAct = (counter) => app.me && (app.me.role === "manager" || (app.me.role === "staff" && app.me.counter === counter));

// --- sign-in ------------------------------------------------------------------------------

function showLogin(message = "") {
  $("#main").hidden = true;
  $("#login").hidden = false;
  $("#login-error").textContent = message;
  $("#login-user").focus();
}

async function login(event) {
  event.preventDefault();
  try {
    app.me = await api("/auth/login", { method: "POST", body: { username: $("#login-user").value, password: $("#login-pass").value } });
    $("#login-pass").value = "";
    await start();
  } catch (err) {
    if (err instanceof ApiError && err.status === 429) showLogin(t("login_limited", { s: err.headers.get("Retry-After") }));
    else showLogin(t("login_wrong"));
  }
}

async function logout() {
  await api("/auth/logout", { method: "POST" }).catch(() => null);
  app.source?.close();
  app.me = null;
  showLogin();
}

// --- start and live -----------------------------------------------------------------------

async function start() {
  app.center = await api("/center");
  $("#login").hidden = true;
  $("#main").hidden = false;
  app.map = new FloorMap($("#map"));
  try {
    app.map.setLayout(await api("/layout"));
  } catch {
    replace($("#map"), "");
  }
  const officer = app.me.role === "staff";
  document.querySelector("[data-tab=desk]").hidden = !officer;
  if (officer) app.tab = "desk";
  lockerDesk();
  renderChrome();
  app.floor = await api("/floor");
  render();
  follow();
}

function follow() {
  app.source?.close();
  const source = new EventSource("/api/live");
  app.source = source;
  const show = (view) => {
    app.floor = view;
    $("#link").className = "link on";
    render();
  };
  source.addEventListener("floor", (msg) => show(JSON.parse(msg.data)));
  source.addEventListener("delta", (msg) => show({ ...app.floor, ...JSON.parse(msg.data) }));
  source.onerror = async () => {
    $("#link").className = "link off";
    $("#link").title = t("offline_link");
    if (source.readyState === EventSource.CLOSED) {
      try { await api("/auth/me"); setTimeout(follow, 2000); } catch { showLogin(); }
    }
  };
}

function renderChrome() {
  document.documentElement.lang = getLang();
  document.title = `${t("title")} · ${app.center?.name ?? ""}`;
  $("#center-name").textContent = app.center?.name ?? "";
  $("#app-title").textContent = t("title");
  $("#lang").textContent = getLang() === "vi" ? "EN" : "VI";
  $("#lang-login").textContent = getLang() === "vi" ? "EN" : "VI";
  $("#login-title").textContent = t("login_title");
  $("#login-user-label").textContent = t("username");
  $("#login-pass-label").textContent = t("password");
  $("#login-submit").textContent = t("login");
  $("#logout").textContent = t("logout");
  if (app.me) {
    const role = t(`role_${app.me.role}`, { counter: app.me.counter });
    $("#who").textContent = `${app.me.name} · ${role}`;
  }
  for (const tab of document.querySelectorAll("[data-tab]")) {
    tab.querySelector(".tab-name").textContent = t(`tab_${tab.dataset.tab}`);
    tab.classList.toggle("active", tab.dataset.tab === app.tab);
    tab.setAttribute("aria-selected", tab.dataset.tab === app.tab);
  }
  for (const panel of document.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== app.tab;
}

function render() {
  if (!app.floor) return;
  renderChrome();
  const alertCount = app.floor.alerts.length;
  $("#alert-count").textContent = alertCount ? String(alertCount) : "";
  $("#updated").textContent = t("updated", { t: fmtTime(app.floor.at) });
  renderFloor();
  if (app.tab === "desk") renderDesk();
  if (app.tab === "queues") renderQueues();
  if (app.tab === "ratings") renderRatings();
  if (app.tab === "robots") renderRobots();
  if (app.tab === "alerts") renderAlerts($("#alerts-all"), app.floor.alerts);
  if (app.tab === "report") renderReportTab();
}

// --- floor: map, call board, devices, top alerts --------------------------------------------

function glanceLevel(line) {
  const target = app.center.wait_alert_min;
  const worst = Math.max(line.longest_wait_min, line.estimated_wait_min);
  if (!line.waiting) return "ok";
  return worst >= target ? "over" : worst * 2 >= target ? "near" : "ok";
}

function renderGlance() {
  const lines = app.floor.queues;
  const total = lines.reduce((n, q) => n + q.waiting, 0);
  const devicesOn = app.floor.devices.filter((d) => d.online).length;
  const robotsOn = app.floor.robots.filter((r) => r.online).length;
  const stat = (key, label, value) => h("div", { class: "stat", "data-key": key },
    h("span", { class: "stat-n", "data-testid": `glance-${key}` }, value), h("span", { class: "stat-l" }, label));
  const cell = (line, name, text) => h("td", { class: "n", "data-testid": `glance-${line.field}-${name}` }, text);
  replace($("#glance"),
    h("div", { class: "stats" },
      stat("hall", t("glance_hall"), String(total)),
      stat("devices", t("glance_devices"), `${devicesOn}/${app.floor.devices.length}`),
      stat("robots", t("glance_robots"), `${robotsOn}/${app.floor.robots.length}`)),
    h("table", { class: "grid glance", "data-testid": "glance" },
      h("thead", {}, h("tr", {}, [t("field"), t("waiting"), t("priority"), t("longest_wait"), t("est_wait"), t("counters_open")]
        .map((x, i) => h("th", { class: i ? "n" : "" }, x)))),
      h("tbody", {}, lines.map((line) => h("tr", { "data-key": `glance-${line.field}`, class: `lvl-${glanceLevel(line)}` },
        h("td", {}, fieldName(line.field)),
        cell(line, "waiting", String(line.waiting)),
        cell(line, "priority", String(line.priority_waiting)),
        cell(line, "longest", t("minutes", { n: line.longest_wait_min })),
        cell(line, "estimate", t("minutes", { n: line.estimated_wait_min })),
        cell(line, "open", String(line.counters_open)))))),
    h("p", { class: "muted small" }, t("glance_target", { n: app.center.wait_alert_min })));
}

function renderFloor() {
  renderGlance();
  app.map.update(app.floor, app.center);
  const calls = app.floor.calls.slice(0, 6);
  replace($("#board"), h("h2", {}, t("board")),
    calls.length ? h("ol", { class: "board", "data-testid": "call-board" }, calls.map((c, i) =>
      h("li", { class: i === 0 ? "latest" : "" },
        h("span", { class: "num" }, c.number),
        h("span", { class: "to" }, c.recall ? `${t("recall")} · ${t("calls_to")}` : t("calls_to")),
        h("span", { class: "ctr" }, String(c.counter))))) : h("p", { class: "muted" }, t("no_calls")));
  const offline = app.floor.devices.filter((d) => !d.online);
  replace($("#devices"), h("h2", {}, `${t("devices")} ${app.floor.devices.length - offline.length}/${app.floor.devices.length}`),
    h("div", { class: "chips" }, app.floor.devices.map((d) =>
      h("span", { class: `chip ${d.online ? "on" : d.bd_seq === null ? "never" : "off"}`, "data-key": `chip-${d.id}`,
        title: `${d.id} · ${d.online ? t("online") : d.bd_seq === null ? t("never_seen") : t("offline")}` }, nameOf(d.id)))));
  renderAlerts($("#alerts-top"), app.floor.alerts.slice(0, 4));
  chime(app.floor.alerts);
}

function alertText(a) {
  const p = { ...a.params };
  if (p.field) p.field = fieldName(p.field);
  if (p.idle) p.idle = fieldName(p.idle);
  if (p.place === undefined && p.device) p.place = p.device;
  for (const key of ["place", "device", "robot"]) if (p[key]) p[key] = nameOf(p[key]);
  if (p.reasons) p.reasons = p.reasons.map((r) => t(`rating_reason_${r}`)).join(", ");
  if (a.kind === "imbalance") {
    p.paused = p.paused.length ? t("alert_imbalance_paused", { counters: p.paused.join(", ") }) : "";
  }
  if (a.kind === "ask_staff" && p.urgent) return t("alert_ask_staff_urgent", p);
  if (a.kind === "robot_stuck" && p.escort) return t("alert_robot_stuck_escort", p);
  if (a.kind === "device_problem" && ["locker_locked", "code_not_sent"].includes(p.problem)) {
    return t(`alert_${p.problem}`, p);
  }
  return t(`alert_${a.kind}`, p);
}

const mayAct = () => app.me && !["viewer", "city"].includes(app.me.role);

function alertItem(a) {
  const key = a.id.replace(/[^A-Za-z0-9_-]/g, "_");
  return h("li", { class: `alert sev-${a.severity} kind-${a.kind}${a.acked_by ? " acked" : ""}`, "data-key": `alert-${key}`, "data-testid": `alert-${key}` },
    h("span", { class: "sev" }, t(`sev_${a.severity}`)),
    h("time", {}, fmtTime(a.at)),
    h("span", { class: "text" }, alertText(a)),
    h("span", { class: "alert-actions" },
      a.suggestion && app.me?.role === "manager"
        ? h("button", { type: "button", class: "primary", "data-testid": `apply-${key}`, onclick: () => applyMove(a.suggestion) }, t("apply")) : null,
      a.acked_by
        ? h("span", { class: "muted" }, t("acked", { by: a.acked_by, t: fmtTime(a.acked_at) }))
        : mayAct() ? h("button", { type: "button", "data-testid": `ack-${key}`, onclick: () => ackAlert(a.id) }, t("ack")) : null));
}

function chime(alerts) {
  // a short tone when an urgent alert nobody has seen yet appears (once per alert)
  const fresh = alerts.filter((a) => a.severity === "urgent" && !a.acked_by && !chime.heard.has(a.id));
  for (const a of fresh) chime.heard.add(a.id);
  if (!fresh.length || !window.AudioContext) return;
  try {
    chime.audio ??= new AudioContext();
    const tone = chime.audio.createOscillator();
    const gain = chime.audio.createGain();
    gain.gain.setValueAtTime(0.15, chime.audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, chime.audio.currentTime + 0.8);
    tone.frequency.value = 880;
    tone.connect(gain).connect(chime.audio.destination);
    tone.start();
    tone.stop(chime.audio.currentTime + 0.8);
  } catch { /* no sound allowed before a click: the flash remains */ }
}
chime.heard = new Set();

function renderAlerts(node, alerts) {
  replace(node, node.id === "alerts-top" ? h("h2", {}, t("alerts")) : null,
    alerts.length ? h("ul", { class: "alerts", "data-testid": node.id }, alerts.map(alertItem)) : h("p", { class: "muted" }, t("no_alerts")));
}

const ackAlert = (id) => run(() => api("/alerts/ack", { method: "POST", body: { alert: id } }));
const applyMove = (move) => run(async () => {
  await api(`/counters/${move.counter}/fields`, { method: "PUT", body: { fields: move.fields } });
  toast(t("applied", { counter: move.counter, field: move.fields.map(fieldName).join(", ") }));
});

// --- queues and counters --------------------------------------------------------------------

function renderQueues() {
  const q = app.floor.queues;
  replace($("#queues"), h("h2", {}, t("queues")),
    h("table", { class: "grid", "data-testid": "queues" },
      h("thead", {}, h("tr", {}, [t("field"), t("waiting"), t("priority"), t("longest_wait"), t("est_wait"), t("counters_open")].map((x) => h("th", {}, x)))),
      h("tbody", {}, q.map((line) => h("tr", { class: line.longest_wait_min >= app.center.wait_alert_min && line.waiting ? "warn" : "" },
        h("td", {}, fieldName(line.field)),
        h("td", { class: "n" }, String(line.waiting)),
        h("td", { class: "n" }, String(line.priority_waiting)),
        h("td", { class: "n" }, line.waiting ? t("minutes", { n: line.longest_wait_min }) : "—"),
        h("td", { class: "n" }, line.waiting ? t("minutes", { n: line.estimated_wait_min }) : "—"),
        h("td", { class: "n" }, String(line.counters_open)))))));
  replace($("#counters"), h("h2", {}, t("counters")),
    h("div", { class: "cards" }, app.floor.counters.map(counterCard)));
}

function counterCard(c) {
  const act = canAct(c.number);
  const button = (label, onclick, extra = {}) => h("button", { type: "button", onclick, ...extra }, label);
  return h("article", { class: `card counter st-${c.status}`, "data-testid": `counter-${c.number}` },
    h("header", {}, h("strong", {}, t("counter_n", { n: c.number })),
      h("span", { class: `badge st-${c.status}`, "data-testid": `counter-${c.number}-status` }, t(`status_${c.status}`))),
    h("dl", {},
      h("dt", {}, t("serving")), h("dd", { class: "serving", "data-testid": `counter-${c.number}-serving` }, c.serving || "—"),
      h("dt", {}, t("served_today")), h("dd", {}, String(c.served_today)),
      h("dt", {}, t("mean_service")), h("dd", {}, fmtMin(c.mean_service_s)),
      h("dt", {}, t("fields")), h("dd", { class: "fields" }, c.fields.map(fieldName).join(", "))),
    act ? h("div", { class: "actions" },
      c.status !== "open" ? button(t("act_open"), () => setStatus(c.number, "open"), { "data-testid": `open-${c.number}` }) : null,
      c.status === "open" ? button(t("act_pause"), () => setStatus(c.number, "paused"), { "data-testid": `pause-${c.number}` }) : null,
      c.status !== "closed" ? button(t("act_close"), () => setStatus(c.number, "closed"), { "data-testid": `close-${c.number}`, class: "danger" }) : null,
      c.status === "open" ? button(t("act_call_next"), () => counterAction(c.number, "call_next"), { "data-testid": `call-next-${c.number}` }) : null,
      c.serving ? button(t("act_recall"), () => counterAction(c.number, "recall"), { "data-testid": `recall-${c.number}` }) : null,
      c.serving ? button(t("act_no_show"), () => counterAction(c.number, "no_show"), { "data-testid": `no-show-${c.number}` }) : null,
      c.serving ? button(t("act_finish"), () => counterAction(c.number, "finish"), { "data-testid": `finish-${c.number}` }) : null,
      button(t("act_fields"), () => editFields(c), { "data-testid": `fields-${c.number}` })) : null);
}

async function run(action) {
  try {
    await action();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return showLogin();
    const code = err instanceof ApiError ? err.body?.detail?.code : null;
    toast(code && t(`refusal_${code}`) !== `refusal_${code}` ? t("refused", { d: t(`refusal_${code}`) }) : t("refused_any"));
  }
}

const setStatus = (n, status) => run(() => api(`/counters/${n}/status`, { method: "POST", body: { status } }));
const counterAction = (n, action) => run(() => api(`/counters/${n}/actions`, { method: "POST", body: { action } }));

function editFields(c) {
  const dialog = $("#dialog");
  const boxes = app.center.fields.map((f) => h("label", { class: "check" },
    h("input", { type: "checkbox", value: f.id, checked: c.fields.includes(f.id) }), fieldName(f.id)));
  replace(dialog, h("form", { method: "dialog", class: "fields-form" },
    h("h3", {}, `${t("act_fields")} · ${t("counter_n", { n: c.number })}`), ...boxes,
    h("div", { class: "actions" },
      h("button", { value: "cancel", type: "submit" }, t("cancel")),
      h("button", { value: "save", type: "submit", class: "primary", "data-testid": "save-fields" }, t("save")))));
  dialog.onclose = () => {
    if (dialog.returnValue !== "save") return;
    const fields = [...dialog.querySelectorAll("input:checked")].map((i) => i.value);
    if (fields.length) run(() => api(`/counters/${c.number}/fields`, { method: "PUT", body: { fields } }));
  };
  dialog.showModal();
}

function toast(text) {
  const node = $("#toast");
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { node.hidden = true; }, 5000);
}

// --- the officer's workstation --------------------------------------------------------------

const REASONS = ["break", "meeting", "help", "fault", "other"];
const minutesSince = (from, to) => Math.max(0, Math.round((new Date(to) - new Date(from)) / 60000));

function renderDesk() {
  const n = app.me.counter;
  const c = app.floor.counters.find((k) => k.number === n);
  if (!c) return;
  const x = c.ticket;
  const proc = x && app.center.procedures.find((p) => p.id === x.procedure);
  const mine = app.floor.queues.filter((q) => c.fields.includes(q.field));
  const waiting = mine.reduce((m, q) => m + q.waiting, 0);
  const form = (app.desk ??= { field: "", reason: "break" });
  const others = app.center.fields.filter((f) => f.id !== x?.field);
  if (!others.some((f) => f.id === form.field)) form.field = others[0]?.id ?? "";
  const act = (label, action, key, extra = {}) => h("button", { type: "button", class: "big-button", "data-testid": `desk-${action}`,
    "aria-keyshortcuts": key, onclick: () => counterAction(n, action), ...extra }, label);
  const transfer = h("select", { "data-testid": "desk-transfer-field", "aria-label": t("transfer_to"),
    onchange: (e) => { form.field = e.target.value; } },
    others.map((f) => h("option", { value: f.id, ...(f.id === form.field ? { selected: "" } : {}) }, fieldName(f.id))));
  const reason = h("select", { "data-testid": "desk-reason", "aria-label": t("pause_reason"),
    onchange: (e) => { form.reason = e.target.value; } },
    REASONS.map((r) => h("option", { value: r, ...(r === form.reason ? { selected: "" } : {}) }, t(`reason_${r}`))));
  replace($("#desk"), h("div", { "data-testid": "desk" },
    h("header", { class: "desk-head" }, h("h2", {}, t("counter_n", { n })),
      h("span", { class: `badge st-${c.status}`, "data-testid": "desk-status" }, t(`status_${c.status}`)),
      h("span", { class: "muted" }, `${t("desk_waiting_mine")}: `, h("strong", { "data-testid": "desk-waiting" }, String(waiting)))),
    h("div", { class: "desk-ticket" },
      h("p", { class: "muted" }, t("desk_serving")),
      h("p", { class: "desk-number", "data-testid": "desk-number" }, x ? x.number : "—"),
      x ? h("dl", {},
        h("dt", {}, t("desk_procedure")), h("dd", { "data-testid": "desk-procedure" }, procName(x.procedure)),
        x.priority ? h("dt", {}, t("priority")) : null, x.priority ? h("dd", {}, t(`priority_${x.priority}`)) : null,
        h("dt", {}, t("desk_waited")), h("dd", {}, t("minutes", { n: minutesSince(x.issued_at, x.called_at ?? app.floor.at) })),
        h("dt", {}, t("desk_papers")), h("dd", {}, h("ul", { class: "papers" }, (proc?.documents ?? []).map((d) => h("li", {}, d)))))
        : h("p", { class: "muted" }, t("desk_none"))),
    c.status === "open"
      ? h("div", { class: "actions desk-actions" },
        x ? null : act(t("act_call_next"), "call_next", "N", { class: "big-button primary" }),
        x ? act(t("act_recall"), "recall", "R") : null,
        x ? act(t("act_no_show"), "no_show", "V") : null,
        x ? act(t("act_finish"), "finish", "H") : null)
      : null,
    x ? h("div", { class: "actions" }, transfer,
      h("button", { type: "button", "data-testid": "desk-transfer",
        onclick: () => run(() => api(`/counters/${n}/actions`, { method: "POST", body: { action: "transfer", field: form.field } })) }, t("act_transfer"))) : null,
    h("div", { class: "actions" },
      c.status === "open" ? reason : null,
      c.status === "open"
        ? h("button", { type: "button", "data-testid": "desk-pause",
          onclick: () => run(() => api(`/counters/${n}/status`, { method: "POST", body: { status: "paused", reason: t(`reason_${form.reason}`) } })) }, t("act_pause"))
        : h("button", { type: "button", class: "primary", "data-testid": "desk-open", onclick: () => setStatus(n, "open") }, t("act_open"))),
    h("p", { class: "muted small" }, t("keys_hint"))));
}

const DESK_KEYS = { n: "call_next", r: "recall", v: "no_show", h: "finish" };

function deskKey(event) {
  if (app.tab !== "desk" || event.ctrlKey || event.metaKey || event.altKey) return;
  if (/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName ?? "")) return;
  const action = DESK_KEYS[event.key.toLowerCase()];
  const button = action && document.querySelector(`[data-testid=desk-${action}]`);
  if (button) { event.preventDefault(); button.click(); }
}

// --- satisfaction ---------------------------------------------------------------------------

const LEVEL_CLASSES = (n) => Array.from({ length: n }, (_, i) => `lv lv-${n}-${i + 1}`);

function ratingRow(label, g) {
  return h("tr", {},
    h("td", {}, label),
    h("td", { class: "n" }, String(g.count)),
    h("td", { class: "n" }, g.satisfied_pct === null ? "—" : `${g.satisfied_pct}%`),
    h("td", { class: "n" }, g.mean === null ? "—" : String(g.mean)),
    h("td", { class: "stackcell" }, g.count ? stackBar(g.levels, g.count, LEVEL_CLASSES(app.center.rating_levels)) : ""));
}

function renderRatings() {
  const r = app.floor.ratings;
  const head = h("thead", {}, h("tr", {}, ["", t("ratings_n", { n: "" }).trim() || "#", t("satisfied"), t("mean_level"), ""].map((x) => h("th", {}, x))));
  replace($("#ratings"),
    h("h2", {}, t("sat_today")),
    h("p", { class: "big", "data-testid": "sat-total" },
      r.total.count ? `${r.total.satisfied_pct}% ${t("satisfied").toLowerCase()} · ${t("ratings_n", { n: r.total.count })}` : t("no_ratings")),
    h("div", { class: "legend" }, Array.from({ length: r.levels }, (_, i) =>
      h("span", { class: `key lv-${r.levels}-${i + 1}` }, `${i + 1}. ${levelName(i + 1)}`))),
    h("div", { class: "two" },
      h("section", {}, h("h3", {}, t("sat_by_counter")), h("table", { class: "grid", "data-testid": "sat-by-counter" }, head.cloneNode(true),
        h("tbody", {}, r.by_counter.map((g) => ratingRow(t("counter_n", { n: g.key }), g))))),
      h("section", {}, h("h3", {}, t("sat_by_procedure")), h("table", { class: "grid" }, head.cloneNode(true),
        h("tbody", {}, r.by_procedure.map((g) => ratingRow(procName(g.key), g)))))),
    h("h3", {}, t("sat_trend")),
    barChart(r.trend.map((p) => ({ label: `${p.hour}h`, value: p.satisfied_pct, sub: p.count ? String(p.count) : "",
      cls: p.satisfied_pct !== null && p.satisfied_pct < 60 ? "bar bad" : "bar" })), { max: 100, unit: "%", testid: "sat-trend" }),
    h("h3", {}, t("sat_recent")),
    h("ul", { class: "ratings", "data-testid": "sat-recent" }, r.recent.map((x) =>
      h("li", { class: x.unhappy ? "unhappy" : "" },
        h("time", {}, fmtTime(x.at)), h("strong", {}, x.number), ` · ${t("counter_n", { n: x.counter })} · ${procName(x.procedure)} · `,
        h("span", { class: `key lv-${r.levels}-${x.level}` }, levelName(x.level)),
        x.reasons.length ? ` (${x.reasons.map((r) => t(`rating_reason_${r}`)).join(", ")})` : ""))));
}

// --- robots ---------------------------------------------------------------------------------

function renderRobots() {
  const typing = $("#robots .robot-controls");
  if (typing && typing.contains(document.activeElement) && document.activeElement.tagName !== "BUTTON") return;
  const robots = app.floor.robots;
  const manager = app.me.role === "manager";
  const post = (path, body) => run(() => api(path, { method: "POST", ...(body ? { body } : {}) }));
  const button = (label, onclick, extra = {}) => h("button", { type: "button", onclick, ...extra }, label);
  replace($("#robots"), h("h2", {}, t("robots")),
    manager && robots.length ? robotControls(post, button) : null,
    robotQueue(manager, post, button),
    robots.length ? h("div", { class: "cards" }, robots.map((r) =>
      h("article", { class: `card robot ${r.online ? "" : "off"}`, "data-testid": `robot-${r.id}` },
        h("header", {}, h("strong", {}, nameOf(r.id)),
          r.held ? h("span", { class: "badge st-paused", "data-testid": `robot-${r.id}-held` }, t(`held_${r.held}`)) : null,
          h("span", { class: `badge ${r.online ? "st-open" : "st-closed"}` }, r.online ? t("online") : r.reported_at ? t("offline") : t("never_seen"))),
        h("p", { class: "muted" }, t(`robot_${r.kind}`)),
        h("dl", {},
          h("dt", {}, t("battery")), h("dd", {}, `${Math.round(r.battery * 100)}%${r.charging ? ` · ${t("charging")}` : ""}`),
          h("dt", {}, t("position")), h("dd", { "data-testid": `robot-${r.id}-pos` }, `${fmtNum(r.x)} m; ${fmtNum(r.y)} m`),
          h("dt", {}, t("task")), h("dd", { "data-testid": `robot-${r.id}-task` }, r.task ? `${taskText(r.task)} (${t(`task_${r.task.status}`)})${r.task.note ? ` · ${r.task.note}` : ""}` : t("no_task"))),
        robotHistory(r),
        manager ? h("div", { class: "actions" },
          r.held
            ? button(t("robot_resume"), () => post(`/robots/${r.id}/resume`), { "data-testid": `robot-${r.id}-resume` })
            : button(t("robot_pause"), () => pauseRobot(r, post), { "data-testid": `robot-${r.id}-pause` }),
          !r.held && r.online && r.task?.kind !== "dock"
            ? button(t("robot_dock"), () => post(`/robots/${r.id}/dock`), { "data-testid": `robot-${r.id}-dock` }) : null,
          r.task ? button(t("cancel_task"), () => post(`/robots/tasks/${r.task.id}/cancel`), { class: "danger" }) : null) : null)))
      : h("p", { class: "muted" }, t("no_robots")));
}

const taskText = (x) => `${t(`task_${x.kind}`)} → ${nameOf(x.places[Math.min(x.leg, x.places.length - 1)] ?? "")}`;

function robotQueue(manager, post, button) {
  const queue = app.floor.tasks.filter((x) => x.status === "pending");
  return h("section", { class: "robot-queue", "data-testid": "robots-queue" }, h("h3", {}, t("robot_queue")),
    queue.length ? h("ol", {}, queue.map((x) => h("li", { "data-key": `queue-${x.id}` },
      `${fmtTime(x.created_at)} · ${taskText(x)}${x.note ? ` · ${x.note}` : ""} `,
      manager ? button(t("cancel_task"), () => post(`/robots/tasks/${x.id}/cancel`), { class: "danger" }) : null)))
      : h("p", { class: "muted" }, t("robot_queue_empty")));
}

function robotHistory(r) {
  const done = app.floor.tasks.filter((x) => x.robot === r.id && x.ended_at).slice(0, 5);
  return h("details", { class: "history", "data-testid": `robot-${r.id}-history` },
    h("summary", {}, `${t("robot_history")}: ${done.length}`),
    done.length ? h("ul", {}, done.map((x) => h("li", { "data-key": `hist-${x.id}` },
      `${fmtTime(x.ended_at)} · ${taskText(x)}: ${t(`task_${x.status}`)}`))) : h("p", { class: "muted" }, t("robot_history_empty")));
}

function pauseRobot(r, post) {
  // pausing a robot drops its task: say what happens to it, and ask
  if (r.task && !confirm(t(r.task.pinned ? "pause_cancels" : "pause_releases", { robot: nameOf(r.id), task: taskText(r.task) }))) return;
  post(`/robots/${r.id}/pause`);
}

const areaName = (place) => t("area", { name: place.replace(/^seats-/, "").toUpperCase() });

function robotControls(post, button) {
  // the panel is redrawn on every update: keep what the manager is typing
  const form = (app.refresh ??= { place: app.floor.areas[0]?.place ?? "", note: "" });
  const select = h("select", { "data-testid": "refresh-area", "aria-label": t("refresh_area") },
    app.floor.areas.map((a) => h("option", { value: a.place, ...(a.place === form.place ? { selected: "" } : {}) },
      `${areaName(a.place)} (${a.waiting})`)));
  select.addEventListener("change", () => { form.place = select.value; });
  const note = h("input", { type: "text", maxlength: "200", value: form.note, placeholder: t("refresh_note"), "data-testid": "refresh-note", "aria-label": t("refresh_note") });
  note.addEventListener("input", () => { form.note = note.value; });
  const send = () => run(async () => {
    await api("/robots/refreshments", { method: "POST", body: { place: select.value, note: note.value } });
    form.note = "";
    toast(t("refresh_sent", { area: areaName(select.value) }));
  });
  return h("div", { class: "actions robot-controls" },
    select, note, button(t("refresh_send"), send, { "data-testid": "refresh-send" }),
    button(t("robots_stop_all"), () => { if (confirm(t("robots_stop_all_confirm"))) post("/robots/stop-all"); },
      { class: "danger", "data-testid": "robots-stop-all" }));
}

// --- event log ------------------------------------------------------------------------------

const KINDS = ["AlertAcknowledged", "StaffRequested", "TicketIssued", "TicketCalled", "TicketRecalled", "TicketFinished", "TicketNoShow", "TicketTransferred",
  "CounterStatusChanged", "CounterFieldsChanged", "RatingRecorded", "GuidanceRequested", "RobotTaskCreated",
  "RobotTaskAssigned", "RobotTaskEnded", "RobotLegReached", "RobotReported", "RobotHeld", "RobotResumed", "DayStarted", "QuestionAsked"];

function setupLog() {
  const kind = $("#log-kind");
  replace(kind, h("option", { value: "" }, t("log_all")), KINDS.map((k) => h("option", { value: k }, t(`ev_${k}`))));
  $("#log-form").addEventListener("submit", (e) => { e.preventDefault(); loadLog(false); });
  $("#log-more").addEventListener("click", () => loadLog(true));
}

async function loadLog(more) {
  const params = new URLSearchParams();
  if ($("#log-kind").value) params.append("kind", $("#log-kind").value);
  if ($("#log-source").value.trim()) params.append("source", $("#log-source").value.trim());
  if ($("#log-day").value) params.append("day", $("#log-day").value);
  params.append("limit", "100");
  if (more && app.log.length) params.append("before", app.log[app.log.length - 1].seq);
  const rows = await api(`/events?${params}`);
  app.log = more ? app.log.concat(rows) : rows;
  replace($("#log-rows"), app.log.map((e) => h("tr", {},
    h("td", { class: "n" }, String(e.seq)), h("td", {}, fmtTime(e.at)), h("td", {}, t(`ev_${e.kind}`)),
    h("td", {}, sourceName(e.source)), h("td", { class: "detail" }, eventDetail(e.data)))));
}

function eventDetail(d) {
  const number = d.number ?? (typeof d.ticket === "string" ? d.ticket.split("/").pop() : null);
  return [
    number ? t("detail_number", { n: number }) : null,
    d.counter ? t("counter_n", { n: d.counter }) : null,
    d.procedure ? procName(d.procedure) : null,
    d.to_field ? `→ ${fieldName(d.to_field)}` : d.field ? fieldName(d.field) : null,
    d.fields ? d.fields.map(fieldName).join(", ") : null,
    d.status && t(`status_${d.status}`) !== `status_${d.status}` ? t(`status_${d.status}`) : null,
    d.status && d.reason ? d.reason : null,
    d.level ? t("detail_level", { n: d.level }) : null,
    d.robot ? nameOf(d.robot) : null,
    d.device ? nameOf(d.device) : null,
    d.places ? d.places.map(nameOf).join(" → ") : null,
    d.text ? `“${d.text}”` : null,
    d.by ? t("detail_by", { n: d.by }) : null,
  ].filter(Boolean).join(" · ");
}

function renderLogChrome() {
  $("#log-title").textContent = t("log");
  $("#log-kind-label").textContent = t("log_kind");
  $("#log-source-label").textContent = t("log_source");
  $("#log-source").placeholder = t("log_source_hint");
  $("#log-day-label").textContent = t("log_day");
  $("#log-go").textContent = t("log_filter");
  $("#log-more").textContent = t("log_more");
  replace($("#log-head"), h("tr", {}, ["#", t("log_time"), t("log_kind"), t("log_source"), t("log_detail")].map((x) => h("th", {}, x))));
}

// --- report tab -----------------------------------------------------------------------------

function renderReportTab() {
  const tables = ["tickets", "counters", "fields", "procedures", "hours"];
  replace($("#report-links"), h("h2", {}, t("report")),
    h("p", {}, h("a", { href: "/report", target: "_blank", class: "button primary", "data-testid": "report-open" }, t("report_open"))),
    h("p", {}, `${t("report_csv")}: `, tables.map((x) => h("a", { href: `/api/report/csv?table=${x}`, class: "button", download: "" }, t(`csv_${x}`)))));
}

// --- wiring ---------------------------------------------------------------------------------

function switchTab(tab) {
  app.tab = tab;
  renderChrome();
  if (tab === "log") { renderLogChrome(); loadLog(false).catch(() => null); }
  render();
}

function toggleLang() {
  setLang(getLang() === "vi" ? "en" : "vi");
  renderChrome();
  if (app.tab === "log") renderLogChrome();
  if (app.center) render();
  if (app.me) lockerDesk();
}

function lockerDesk() {
  if (app.me.role === "viewer") replace($("#locker-desk"), "");
  else renderLockerDesk($("#locker-desk"));
}

async function boot() {
  setLang(getLang());
  $("#login-form").addEventListener("submit", login);
  $("#logout").addEventListener("click", logout);
  document.addEventListener("keydown", deskKey);
  $("#lang").addEventListener("click", toggleLang);
  $("#lang-login").addEventListener("click", toggleLang);
  for (const tab of document.querySelectorAll("[data-tab]")) tab.addEventListener("click", () => switchTab(tab.dataset.tab));
  setupLog();
  renderChrome();
  try {
    app.me = await api("/auth/me");
    await start();
  } catch {
    showLogin();
  }
}

boot();
