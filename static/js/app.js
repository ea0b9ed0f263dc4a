// Jobbspår: small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary of an invalid form so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
