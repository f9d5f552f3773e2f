/* Leaflet's and leaflet-draw's own words (the zoom buttons, the draw toolbar, its actions and
 * tooltips) in the console's language. The words come from app/console/i18n.py (LEAFLET_TEXTS)
 * as pairs [words in either language, words to show]; every title and text inside a map is
 * swapped, now and whenever Leaflet writes new ones (a tooltip follows the mouse). */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.gridopsTexts = {
  leaflet: function (pairs) {
    var self = window.dash_clientside.gridopsTexts;
    self.words = new Map(pairs || []);
    self.apply(document.body);
    if (!self.observer) {
      self.observer = new MutationObserver(function () {
        if (self.pending) { return; }  // once a frame, however many changes
        self.pending = true;
        window.requestAnimationFrame(function () {
          self.pending = false;
          self.apply(document.body);
        });
      });
      self.observer.observe(document.body, {
        subtree: true, childList: true, characterData: true, attributes: true,
        attributeFilter: ["title"],
      });
    }
    return (pairs || []).length;
  },

  apply: function (root) {
    var words = window.dash_clientside.gridopsTexts.words;
    if (!words || !words.size || !root || !root.querySelectorAll) { return; }
    root.querySelectorAll(".leaflet-container").forEach(function (scope) {
      scope.querySelectorAll("[title]").forEach(function (el) {
        var shown = words.get(el.getAttribute("title"));
        if (shown !== undefined && shown !== el.getAttribute("title")) { el.setAttribute("title", shown); }
      });
      var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        var shown = words.get(node.nodeValue.trim());
        if (shown !== undefined && shown !== node.nodeValue.trim()) { node.nodeValue = shown; }
      }
    });
  },
};
