// Pickers (core/pickers.py): choosing a search result makes a chip holding a hidden input;
// a single picker keeps one chip, a multiple one adds chips. Loaded as a file, once, because
// the Content-Security-Policy forbids inline scripts.
(() => {
  if (window.dubanPicker) return;
  window.dubanPicker = true;

  const chip = (picker, value, label) => {
    const span = document.createElement("span");
    span.className = "badge picker-chip";
    span.dataset.pickerChip = "";
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = picker.dataset.name;
    input.value = value;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close";
    remove.dataset.pickerRemove = "";
    remove.setAttribute("aria-label", picker.dataset.removeLabel || "×");
    span.append(input, document.createTextNode(label), remove);
    return span;
  };

  const close = (picker) => {
    const results = picker.querySelector("[data-picker-results]");
    if (results) results.replaceChildren();
    const search = picker.querySelector("input[type=search]");
    if (search) search.setAttribute("aria-expanded", "false");
  };

  const choose = (picker, option) => {
    const chosen = picker.querySelector("[data-picker-chosen]");
    const value = option.dataset.pickValue;
    const taken = [...chosen.querySelectorAll("input[type=hidden]")].some((i) => i.value === value);
    if (!picker.hasAttribute("data-multiple")) chosen.replaceChildren();
    if (!taken || !picker.hasAttribute("data-multiple")) {
      chosen.append(chip(picker, value, option.dataset.pickLabel));
    }
    picker.querySelector("input[type=search]").value = "";
    close(picker);
    picker.dispatchEvent(new Event("change", { bubbles: true }));
  };

  document.addEventListener("click", (event) => {
    const option = event.target.closest("[data-pick-value]");
    const picker = event.target.closest("[data-picker]");
    if (!picker) {
      for (const open of document.querySelectorAll("[data-picker]")) close(open);
      return;
    }
    if (option) choose(picker, option);
    if (event.target.closest("[data-picker-remove]")) {
      event.target.closest("[data-picker-chip]").remove();
      picker.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // Focus leaving a picker (to another field, not to one of its rows) closes its list.
  document.addEventListener("focusout", (event) => {
    const picker = event.target.closest && event.target.closest("[data-picker]");
    if (picker && !(event.relatedTarget && picker.contains(event.relatedTarget))) close(picker);
  });

  document.addEventListener("keydown", (event) => {
    const picker = event.target.closest && event.target.closest("[data-picker]");
    if (!picker) return;
    const options = [...picker.querySelectorAll("[data-pick-value]")];
    const at = options.indexOf(document.activeElement);
    if (event.key === "Escape") close(picker);
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      options[Math.min(at + 1, options.length - 1)].focus();
    }
    if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? picker.querySelector("input[type=search]") : options[at - 1]).focus();
    }
    // Enter in the search box picks the first match instead of submitting the form.
    if (event.key === "Enter" && event.target.type === "search") {
      event.preventDefault();
      if (options.length) choose(picker, options[0]);
    }
  });

  // A late answer (the user already chose, or moved on) does not reopen the list.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const picker = event.target.closest && event.target.closest("[data-picker]");
    if (picker && !picker.contains(document.activeElement)) event.detail.shouldSwap = false;
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const picker = event.target.closest("[data-picker]");
    const search = picker && picker.querySelector("input[type=search]");
    if (search) search.setAttribute("aria-expanded", "true");
  });
})();
