// Names in the page's language for ids of places, devices and robots ("dock-1" -> "Trạm sạc 1").
import { t } from "./i18n.js";

const PATTERNS = [
  [/^counter-(\d+)$/, "name_counter"],
  [/^dock-(\d+)$/, "name_dock"],
  [/^seats-(\w+)$/, "name_seats"],
  [/^kiosk-(\d+)$/, "name_kiosk"],
  [/^voice-kiosk-(\d+)$/, "name_voice_kiosk"],
  [/^voice-guide-(\d+)$/, "name_voice_guide"],
  [/^display-(\d+)$/, "name_display"],
  [/^rating-(\d+)$/, "name_rating"],
  [/^guide-(\d+)$/, "name_guide"],
  [/^refresh-(\d+)$/, "name_refresh"],
  [/^board-(\w+)$/, "name_board"],
  [/^locker-(\d+)$/, "name_locker"],
  [/^(entrance|kiosk|refresh-station|refresh-counter)$/, "name_"],
];

/** Return the name of a place, device or robot id; the id itself if it follows no pattern. */
export function nameOf(id) {
  if (!id) return "";
  for (const [pattern, key] of PATTERNS) {
    const m = pattern.exec(id);
    if (m) return key === "name_" ? t(m[1] === "kiosk" ? "name_kiosk_place" : `name_${m[1].replace("-", "_")}`) : t(key, { n: m[1].toUpperCase() });
  }
  return id;
}

/** Return who caused a logged event: a device, a manager on the console, or the floor. */
export function sourceName(source) {
  if (!source) return t("source_floor");
  const console = /^console:(.+)$/.exec(source);
  return console ? t("source_console", { user: console[1] }) : nameOf(source);
}

/** Return a robot's short label for the map ("HD1"): full names would cover each other. */
export function shortName(id) {
  const m = /^(guide|refresh)-(\d+)$/.exec(id);
  return m ? t(`name_${m[1]}_short`, { n: m[2] }) : nameOf(id);
}
