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

// Long documents (dossier PDF, Word reports, workbooks): the control shows a spinner and
// "正在生成…" until the file has arrived, then saves it under the server's file name. A refusal
// (4xx/5xx) is shown by loading the address as a page, as without this script.
function downloadName(response) {
  const header = response.headers.get("Content-Disposition") || "";
  const encoded = header.match(/filename\*=UTF-8''([^;]+)/i);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = header.match(/filename="?([^";]+)"?/i);
  return plain ? plain[1] : "download";
}

async function fetchDownload(control, url) {
  if (control.getAttribute("aria-busy") === "true") return;
  const saved = Array.from(control.childNodes);
  const spinner = document.createElement("span");
  spinner.className = "spinner-border spinner-border-sm me-1";
  spinner.setAttribute("aria-hidden", "true");
  control.replaceChildren(spinner, document.createTextNode(control.dataset.download));
  control.setAttribute("aria-busy", "true");
  control.classList.add("disabled");
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) {
      window.location.assign(url);
      return;
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = downloadName(response);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch {
    window.location.assign(url);
  } finally {
    control.replaceChildren(...saved);
    control.removeAttribute("aria-busy");
    control.classList.remove("disabled");
  }
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-download]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  fetchDownload(link, link.href);
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = form.querySelector("button[data-download]");
  if (!button || form.method.toLowerCase() !== "get") return;
  event.preventDefault();
  const url = new URL(form.action, window.location.href);
  url.search = new URLSearchParams(new FormData(form)).toString();
  fetchDownload(button, url.toString());
});
