// The result locker (ATM hồ sơ) desk: an officer places a finished dossier in a slot and the
// floor texts the citizen a one-time code. Built once (live updates never touch what is typed).
import { api, ApiError } from "./api.js";
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

export function renderLockerDesk(root) {
  const field = (id, label, attrs) => h("label", { for: id }, label,
    h("input", { id, name: id, required: true, autocomplete: "off", ...attrs }));
  const result = h("p", { class: "muted small", "data-testid": "locker-result", "aria-live": "polite" });
  const form = h("form", { class: "locker-form", "data-testid": "locker-form" },
    field("locker-slot", t("locker_slot_label"), { type: "number", min: 1, max: 200, inputmode: "numeric" }),
    field("locker-dossier", t("locker_dossier_label"), { maxlength: 40 }),
    field("locker-phone", t("locker_phone_label"), { type: "tel", maxlength: 20 }),
    h("button", { type: "submit", class: "primary" }, t("locker_deposit")),
    result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      slot: Number(form.elements["locker-slot"].value),
      dossier: form.elements["locker-dossier"].value.trim(),
      phone: form.elements["locker-phone"].value.trim(),
    };
    try {
      const done = await api("/lockers/deposit", { method: "POST", body });
      result.textContent = t("locker_deposited", { dossier: done.dossier, slot: done.slot, phone: done.phone_masked });
      form.reset();
    } catch (err) {
      result.textContent = err instanceof ApiError && err.status === 409 ? t("refused", { d: err.message }) : t("refused_any");
    }
  });
  replace(root, h("h2", {}, t("locker_name")), form);
}
