// Jobbspår: small progressive enhancements; every page works without this file.
(function () {
  // A table wider than the screen scrolls sideways; keyboard users must be able to reach and
  // scroll it (WCAG 2.1.1), so a scrolling wrapper becomes a focusable region named by its caption.
  function makeScrollingTablesFocusable() {
    var wrappers = document.querySelectorAll(".table-responsive");
    for (var i = 0; i < wrappers.length; i++) {
      var wrapper = wrappers[i];
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        var caption = wrapper.querySelector("caption");
        if (caption && !wrapper.hasAttribute("aria-label")) {
          wrapper.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (wrapper.getAttribute("role") === "region") {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary of an invalid form so screen readers announce it.
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    makeScrollingTablesFocusable();
  });
  window.addEventListener("resize", makeScrollingTablesFocusable);
  // htmx swaps in new tables (search results, the track board).
  document.addEventListener("htmx:afterSettle", makeScrollingTablesFocusable);
})();
