// Printable pages: a [data-print] link prints the page instead of opening it again, and a page marked
// [data-print-on-load] opens the print dialog once it has loaded (no inline script: see the CSP).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      window.print();
    });
  });
  if (document.querySelector("[data-print-on-load]")) {
    window.addEventListener("load", () => window.print());
  }
});
