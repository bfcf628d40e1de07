// The approval queue: one checkbox selects every entry on the page.
document.addEventListener("DOMContentLoaded", () => {
  for (const all of document.querySelectorAll("input.js-select-all")) {
    const boxes = () => all.closest("table").querySelectorAll("tbody input[type=checkbox]");
    all.addEventListener("change", () => {
      for (const box of boxes()) {
        box.checked = all.checked;
      }
    });
  }
});
