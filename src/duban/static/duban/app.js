// Page behaviour without inline scripts, so the Content-Security-Policy can forbid them.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select.js-autosubmit")) {
    select.addEventListener("change", () => select.form.submit());
  }
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // A list's header checkbox ticks (or clears) every row's box of its name.
  for (const all of document.querySelectorAll("input[data-select-all]")) {
    all.addEventListener("change", () => {
      const boxes = document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`);
      for (const box of boxes) box.checked = all.checked;
    });
  }
});
