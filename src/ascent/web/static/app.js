// Draws every chart on the page (and in content HTMX swaps in) from its JSON spec block.
(function () {
  "use strict";
  function draw(root) {
    root.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (block) {
      var target = document.getElementById(block.dataset.chart);
      if (!target || target.dataset.drawn) { return; }
      target.dataset.drawn = "1";
      window.vegaEmbed(target, JSON.parse(block.textContent), { actions: false, renderer: "svg" })
        .catch(function (error) { target.textContent = "The chart could not be drawn: " + error; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) { draw(event.target); });
}());
