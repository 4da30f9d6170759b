// The imports page: show the upload's progress (a refused upload's 400 answer, the page with
// its one-line error, is swapped in like a success: base.html's htmx-config says so).
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
}());
