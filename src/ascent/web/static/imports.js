// The imports page: show the upload's progress, and let a refused upload (400) show its
// one-line error in place instead of being dropped (HTMX swaps no 4xx answer by default).
(function () {
  "use strict";
  function isImport(event) {
    return event.target && event.target.id === "import-form";
  }
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("import-progress");
    if (!bar || !isImport(event) || !event.detail.lengthComputable) { return; }
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var bar = document.getElementById("import-progress");
    if (bar && isImport(event)) { bar.hidden = false; bar.value = 0; }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (isImport(event) && event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
}());
