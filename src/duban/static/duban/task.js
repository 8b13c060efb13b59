// Task pages: add claim rows to the report form; show the relapse cause only after a relapse.
// Loaded as a file because the Content-Security-Policy forbids inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-add-claim-row]")) {
    const prefix = button.dataset.prefix;
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const most = document.getElementById(`id_${prefix}-MAX_NUM_FORMS`);
    const template = document.getElementById(button.dataset.template);
    const rows = document.getElementById(button.dataset.target);
    if (!total || !template || !rows) continue;
    button.classList.remove("d-none");
    button.addEventListener("click", () => {
      const index = Number(total.value);
      if (most && index >= Number(most.value)) return;
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
      total.value = String(index + 1);
    });
  }

  // A metric chosen from the task's list brings its unit, unless one is already typed.
  const metrics = document.getElementById("claim-metrics");
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!metrics || input.getAttribute("list") !== "claim-metrics") return;
    const known = [...metrics.options].find((option) => option.value === input.value);
    const unit = input.closest("tr")?.querySelector("input[list=claim-units]");
    if (known && unit && !unit.value) unit.value = known.dataset.unit;
  });

  const cause = document.querySelector("[data-relapse-cause]");
  const toggle = document.querySelector("[data-relapse-toggle]");
  if (cause && toggle) {
    const update = () => {
      const chosen = toggle.querySelector("input[type=radio]:checked");
      cause.hidden = !chosen || chosen.value !== "yes";
    };
    toggle.addEventListener("change", update);
    update();
  }
});
