// Cohort pages: small helpers that need script; everything also works without it.
document.addEventListener("DOMContentLoaded", () => {
  // "Select all" in a list of people to tick.
  for (const toggle of document.querySelectorAll("input[data-select-all]")) {
    toggle.hidden = false;
    toggle.closest("[hidden]")?.removeAttribute("hidden");
    const boxes = () => toggle.form.querySelectorAll(`input[name="${toggle.dataset.selectAll}"]`);
    toggle.addEventListener("change", () => {
      for (const box of boxes()) {
        box.checked = toggle.checked;
      }
    });
  }
});
