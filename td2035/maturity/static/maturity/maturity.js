// Enhancement only: an option marked exclusive (e.g. "Data is not collected digitally") unticks the others
// of its question, and ticking another option unticks it. The server refuses the combination anyway.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox" || !box.checked) return;
  const group = box.form ? box.form.querySelectorAll(`input[type=checkbox][name="${CSS.escape(box.name)}"]`) : [];
  group.forEach((other) => {
    if (other === box) return;
    if (box.dataset.exclusive === "1" || other.dataset.exclusive === "1") other.checked = false;
  });
});
