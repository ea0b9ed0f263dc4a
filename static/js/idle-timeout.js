// Idle-timeout warning (WCAG 2.2.1 Timing Adjustable). The session ends after
// data-session-seconds without a request; data-session-warning-seconds before that, a modal
// dialog says so and offers "Stay signed in", which renews the session with a POST. When the
// time is up, the page signs out and goes to the login page, which explains why.
// Tabs share the time of the last request through localStorage, so a tab left open in the
// background never signs out a person who is working in another tab.
(function () {
  "use strict";
  var KEY = "jobbspar:last-activity";
  var body = document.body;
  var total = parseInt(body.getAttribute("data-session-seconds"), 10) * 1000;
  var warning = parseInt(body.getAttribute("data-session-warning-seconds"), 10) * 1000;
  var dialog = document.getElementById("idle-warning");
  var keepAlive = document.getElementById("idle-keep-alive");
  var signOut = document.getElementById("idle-sign-out");
  if (!total || !dialog || !keepAlive || !signOut || typeof dialog.showModal !== "function") {
    return;
  }
  var warnAfter = Math.max(0, total - warning);
  var lastLocal = Date.now();
  var warnTimer = null;
  var endTimer = null;
  var opener = null;

  function markActivity() {
    lastLocal = Date.now();
    try { window.localStorage.setItem(KEY, String(lastLocal)); } catch (error) { /* private mode */ }
  }

  function lastActivity() {
    var shared = 0;
    try { shared = parseInt(window.localStorage.getItem(KEY), 10) || 0; } catch (error) { shared = 0; }
    return Math.max(shared, lastLocal);
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    var idle = Date.now() - lastActivity();
    warnTimer = window.setTimeout(checkWarning, Math.max(0, warnAfter - idle));
    endTimer = window.setTimeout(checkEnd, Math.max(0, total - idle));
  }

  function checkWarning() {
    if (Date.now() - lastActivity() >= warnAfter - 250) { showWarning(); } else { schedule(); }
  }

  function checkEnd() {
    if (Date.now() - lastActivity() >= total - 250) {
      signOut.submit();
    } else {
      closeWarning();
      schedule();
    }
  }

  function showWarning() {
    if (dialog.open) { return; }
    opener = document.activeElement;
    dialog.showModal();
    // The dialog is labelled and described, so screen readers announce its heading and text
    // when focus moves to its first button, "Stay signed in".
    var button = keepAlive.querySelector("button");
    if (button) { button.focus(); }
  }

  function closeWarning() {
    if (!dialog.open) { return; }
    dialog.close();
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
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("json") !== -1) {
        markActivity();
        closeWarning();
        schedule();
      } else {
        signOut.submit();
      }
    }).catch(function () {
      // Offline or blocked: post the form normally and let the server decide.
      keepAlive.submit();
    });
  });

  // Escape would close the dialog without a choice; keep it open until the person chooses.
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); });

  // Another tab made a request: the session was renewed for this tab too.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      closeWarning();
      schedule();
    }
  });

  // Requests made by htmx renew the session on the server too.
  body.addEventListener("htmx:afterRequest", function () {
    markActivity();
    if (!dialog.open) { schedule(); }
  });

  markActivity();
  schedule();
}());
