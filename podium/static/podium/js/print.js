// A "Print" button: <button data-print>. Inline handlers are refused by the CSP.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
