// Jobbspår: "choose everyone" for the bulk actions' checkboxes. Without this file each box is
// ticked on its own, or the "Choose everyone in the list" link preselects them all.
(function () {
  function boxesOf(selectAll) {
    var formId = selectAll.getAttribute("data-bulk-select-all");
    return document.querySelectorAll(
      'input[type="checkbox"][form="' + formId + '"], #' + formId + ' input[type="checkbox"][name]'
    );
  }

  function sync(selectAll) {
    var boxes = boxesOf(selectAll), ticked = 0;
    for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { ticked++; } }
    selectAll.checked = boxes.length > 0 && ticked === boxes.length;
    selectAll.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  function enhance() {
    var toggles = document.querySelectorAll("[data-bulk-select-all]");
    for (var i = 0; i < toggles.length; i++) {
      (function (selectAll) {
        if (selectAll.dataset.bulkReady) { return; }
        selectAll.dataset.bulkReady = "1";
        var box = selectAll.closest("[data-bulk-select-all-box]");
        if (box) { box.hidden = false; }
        selectAll.addEventListener("change", function () {
          var boxes = boxesOf(selectAll);
          for (var j = 0; j < boxes.length; j++) { boxes[j].checked = selectAll.checked; }
        });
        document.addEventListener("change", function (event) {
          if (event.target !== selectAll) { sync(selectAll); }
        });
        sync(selectAll);
      })(toggles[i]);
    }
  }

  document.addEventListener("DOMContentLoaded", enhance);
  // htmx swaps in a new board or a new page of results.
  document.addEventListener("htmx:afterSettle", enhance);
})();
