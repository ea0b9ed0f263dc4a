// Idle-timeout warning (WCAG 2.2.1 Timing Adjustable). The session ends after
// data-session-seconds without a request; data-session-warning-seconds before that, a modal
// dialog says so and offers "Stay signed in", which renews the session with a POST. When the
// time is up, the page signs out and goes to the login page, which explains why.
(function () {
  "use strict";
  var body = document.body;
  var total = parseInt(body.getAttribute("data-session-seconds"), 10);
  var warning = parseInt(body.getAttribute("data-session-warning-seconds"), 10);
  var dialog = document.getElementById("idle-warning");
  var keepAlive = document.getElementById("idle-keep-alive");
  var signOut = document.getElementById("idle-sign-out");
  if (!total || !dialog || !keepAlive || !signOut || typeof dialog.showModal !== "function") {
    return;
  }
  var warnAfter = Math.max(0, total - warning) * 1000;
  var warnTimer = null;
  var endTimer = null;
  var opener = null;

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warnTimer = window.setTimeout(showWarning, warnAfter);
    endTimer = window.setTimeout(timeUp, total * 1000);
  }

  function showWarning() {
    if (dialog.open) { return; }
    opener = document.activeElement;
    dialog.showModal();
    // showModal focuses the first focusable element: the "Stay signed in" button. The dialog
    // is labelled and described, so screen readers announce its heading and text.
    var button = keepAlive.querySelector("button");
    if (button) { button.focus(); }
  }

  function timeUp() {
    signOut.submit();
  }

  function closeWarning() {
    if (dialog.open) { dialog.close(); }
    if (opener && typeof opener.focus === "function") { opener.focus(); }
  }

  keepAlive.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(keepAlive.action, {
      method: "POST",
      body: new FormData(keepAlive),
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok && response.headers.get("Content-Type").indexOf("json") !== -1) {
        closeWarning();
        schedule();
      } else {
        timeUp();
      }
    }).catch(function () {
      // Offline: let the form post normally; the server decides.
      keepAlive.submit();
    });
  });

  // Escape closes a modal dialog; that is not a choice to stay, so keep the timers running.
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); });

  // Requests made by htmx renew the session on the server too.
  document.body.addEventListener("htmx:afterRequest", function () {
    if (!dialog.open) { schedule(); }
  });

  schedule();
}());
