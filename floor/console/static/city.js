// The city's notices (a holiday closure…) above the console's tabs, in the page's language.
import { api } from "./api.js";
import { getLang } from "./i18n.js";
import { h, replace } from "./dom.js";

const EVERY_MS = 30000;

async function show() {
  const main = document.querySelector("#main");
  if (!main || main.hidden) return;
  let city;
  try {
    city = await api("/city");
  } catch {
    return; // signed out, or the floor restarting: the next round tries again
  }
  let box = document.querySelector("#city-notices");
  if (!box) {
    box = h("div", { id: "city-notices", class: "city-notices", role: "status" });
    main.querySelector("nav.tabs").before(box);
  }
  const lang = getLang() === "vi" ? "vi" : "en";
  replace(box, ...city.notices.map((n) => h("p", { class: "notice", "data-key": n.notice }, n[lang])));
  box.hidden = city.notices.length === 0;
}

new MutationObserver(show).observe(document.querySelector("#main"), { attributes: true, attributeFilter: ["hidden"] });
setInterval(show, EVERY_MS);
