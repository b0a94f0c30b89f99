// The city view: every center live (server-sent events), sortable, a read-only drill-down
// into one center, and the daily report.
import { api, ApiError } from "/static/api.js";

const $ = (id) => document.getElementById(id);
let centers = [];
let sort = { key: "center", up: true };
let source = null;
let open = null;
let openTimer = null;

function cell(text, cls = "") {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement("tr");
    tr.append(...cells);
    return tr;
  }));
}

function compare(a, b) {
  const x = a[sort.key], y = b[sort.key];
  if (x === y) return a.center < b.center ? -1 : 1;
  if (x === null) return 1;
  if (y === null) return -1;
  return (x < y ? -1 : 1) * (sort.up ? 1 : -1);
}

function drawCenters() {
  const rows = [...centers].sort(compare);
  const tbody = $("centers").tBodies[0];
  fill(tbody, rows.map((c) => [
    cell(c.center),
    cell(c.online ? "Hoạt động" : "Mất kết nối", c.online ? "" : "off"),
    cell(String(c.waiting), "n"),
    cell(`${c.longest_wait_min} / ${c.target_min} phút`, c.over_target ? "n over" : "n"),
    cell(c.satisfied_pct === null ? "—" : `${c.satisfied_pct}%`, "n"),
    cell(String(c.urgent_alerts), c.urgent_alerts ? "n urgent" : "n"),
    cell(`${c.robots_online}/${c.robots}`, "n"),
    cell(c.catalog_version ? `v${c.catalog_version}` : "—", "n"),
  ]));
  [...tbody.rows].forEach((tr, i) => {
    tr.dataset.center = rows[i].center;
    tr.addEventListener("click", () => showFloor(rows[i].center));
  });
  for (const th of $("centers").tHead.rows[0].cells) {
    th.classList.toggle("sorted-up", th.dataset.sort === sort.key && sort.up);
    th.classList.toggle("sorted-down", th.dataset.sort === sort.key && !sort.up);
  }
  const online = centers.filter((c) => c.online).length;
  const waiting = centers.reduce((n, c) => n + c.waiting, 0);
  $("summary").textContent = `${online}/${centers.length} trung tâm hoạt động · ${waiting} người đang chờ`;
}

async function showFloor(center) {
  if (open !== center) {
    clearInterval(openTimer);
    openTimer = setInterval(() => showFloor(center).catch(() => {}), 2000);  // its state moves between lines
  }
  open = center;
  const data = await api(`/centers/${encodeURIComponent(center)}`);
  if (open !== center) return;
  $("floor").hidden = false;
  $("floor-center").textContent = center;
  const r = data.row;
  $("floor-line").textContent = `${r.online ? "Hoạt động" : "Mất kết nối"} · phiên bản ${data.version ?? "—"} · đã phục vụ ${r.served} · cảnh báo ${r.alerts}`;
  const queues = data.state.queues?.queues ?? [];
  fill($("floor-queues").tBodies[0], queues.map((q) => [
    cell(q.field), cell(String(q.waiting), "n"), cell(String(q.counters_open), "n"), cell(String(q.longest_wait_min), "n"),
  ]));
  const counters = data.state.counters?.counters ?? [];
  const status = { open: "Mở", paused: "Tạm nghỉ", closed: "Đóng" };
  fill($("floor-counters").tBodies[0], counters.map((c) => [
    cell(String(c.number)), cell(status[c.status] ?? c.status), cell(c.serving ?? "—"), cell(String(c.served_today), "n"),
  ]));
  const devices = data.state.devices?.devices ?? [];
  $("floor-devices").textContent = `Thiết bị trực tuyến: ${devices.filter((d) => d.online).length}/${devices.length}`;
}

function follow() {
  source = new EventSource("/api/live");
  let lines = {};
  const take = (whole) => (event) => {
    const data = JSON.parse(event.data);
    if (whole) lines = {};
    let changed = false;
    for (const [key, value] of Object.entries(data)) {
      if (key.startsWith("center:")) {
        lines[key] = value;
        changed = true;
      }
    }
    if ("node" in data) {
      $("link").className = data.node ? "link on" : "link off";
      $("link").title = data.node ?? "";
    }
    if (data.at) $("updated").textContent = new Date(data.at).toLocaleTimeString("vi-VN");
    if (!changed && !whole) return;
    centers = Object.values(lines);
    drawCenters();
  };
  source.addEventListener("floor", take(true));
  source.addEventListener("delta", take(false));
  source.onerror = () => { $("link").className = "link off"; };
}

async function showReport() {
  const day = $("report-day").value;
  $("report-error").textContent = "";
  try {
    const r = await api(`/report${day ? `?day=${day}` : ""}`);
    if (!day) $("report-day").value = r.day;
    const byId = Object.fromEntries(r.centers.map((c) => [c.center, c]));
    const item = (text) => { const li = document.createElement("li"); li.textContent = text; return li; };
    $("by-wait").replaceChildren(...r.by_wait.map((id) => {
      const c = byId[id];
      return item(`${id}: chờ trung bình ${c.mean_wait_min ?? "—"} phút, lâu nhất ${c.longest_wait_min} phút`);
    }));
    $("by-satisfaction").replaceChildren(...r.by_satisfaction.map((id) => {
      const c = byId[id];
      return item(c.satisfied_pct === null ? `${id}: chưa có đánh giá` : `${id}: ${c.satisfied_pct}% hài lòng (${c.ratings} đánh giá)`);
    }));
    fill($("per-hour").tBodies[0], r.served_per_hour.map((h) => [cell(`${h.key} giờ`), cell(String(h.count), "n")]));
    fill($("procedures").tBodies[0], r.procedures.map((p) => [cell(p.key), cell(String(p.count), "n")]));
  } catch (error) {
    $("report-error").textContent = error.message;
  }
}

function start(user) {
  $("login").hidden = true;
  $("main").hidden = false;
  $("who").textContent = user.name;
  follow();
}

function showLogin(message = "") {
  $("main").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message;
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const username = $("login-user").value.trim(), password = $("login-pass").value;
  try {
    const user = await api("/auth/login", { method: "POST", body: { username, password } });
    if (user.role !== "city") {
      await api("/auth/logout", { method: "POST" });
      showLogin("Tài khoản này không có quyền xem toàn thành phố.");
      return;
    }
    start(user);
  } catch (error) {
    showLogin(error instanceof ApiError && error.status === 401 ? "Sai tên đăng nhập hoặc mật khẩu." : error.message);
  }
});
$("logout").addEventListener("click", async () => {
  await api("/auth/logout", { method: "POST" });
  source?.close();
  clearInterval(openTimer);
  showLogin();
});
$("floor-close").addEventListener("click", () => {
  open = null;
  clearInterval(openTimer);
  $("floor").hidden = true;
});
for (const th of $("centers").tHead.rows[0].cells) {
  th.addEventListener("click", () => {
    sort = { key: th.dataset.sort, up: sort.key === th.dataset.sort ? !sort.up : true };
    drawCenters();
  });
}
for (const tab of document.querySelectorAll("[data-tab]")) {
  tab.addEventListener("click", () => {
    for (const t of document.querySelectorAll("[data-tab]")) t.classList.toggle("active", t === tab);
    for (const panel of document.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== tab.dataset.tab;
    if (tab.dataset.tab === "report") showReport();
  });
}
$("report-day").addEventListener("change", showReport);

api("/auth/me").then((user) => (user.role === "city" ? start(user) : showLogin())).catch(() => showLogin());
