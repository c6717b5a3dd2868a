// Small progressive enhancements; every page works without them.
// Inline scripts are forbidden by the Content-Security-Policy, so behaviour is
// attached here through data attributes.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.requestSubmit();
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

// Import page: a file chosen in <input type="file" data-read-into="ID"> is read
// into the textarea ID, so the form posts plain text (no uploads needed).
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.readInto || !input.files || !input.files[0]) return;
  const target = document.getElementById(input.dataset.readInto);
  if (!target) return;
  input.files[0].text().then((text) => { target.value = text.replace(/^\uFEFF/, ""); });
});

// Programmes: the rule builder gets an "Add a condition" button that copies
// the last row empty (the page already has spare rows without scripts), and
// the internship-only fields of a service show only for internships.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-add-rule-row]");
  if (!button) return;
  const list = button.parentElement.querySelector("[data-rule-rows]");
  const last = list && list.lastElementChild;
  if (!last) return;
  const number = list.children.length + 1;
  const row = last.cloneNode(true);
  row.id = `condition-${number}`;
  row.querySelectorAll(".field-error").forEach((e) => e.remove());
  row.querySelectorAll("select, input").forEach((field) => {
    const name = field.getAttribute("name");
    field.id = `${name}-${number - 1}`;
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-describedby");
    if (field.tagName === "SELECT") field.selectedIndex = 0; else field.value = "";
  });
  row.querySelectorAll("label").forEach((label) => {
    const field = label.nextElementSibling;
    if (field) label.htmlFor = field.id;
  });
  list.appendChild(row);
  row.querySelector("select")?.focus();
});
function showInternshipFields() {
  const kind = document.querySelector("select[data-service-kind]");
  const section = document.querySelector("[data-internship-only]");
  if (!kind || !section) return;
  const filled = [...section.querySelectorAll("input, select")].some((f) => f.value !== "");
  section.hidden = kind.value !== "internship" && !filled;
}
document.addEventListener("change", (event) => {
  if (event.target.closest("select[data-service-kind]")) showInternshipFields();
});
document.addEventListener("DOMContentLoaded", () => {
  showInternshipFields();
  document.querySelectorAll("button[data-add-rule-row]").forEach((b) => { b.hidden = false; });
});
