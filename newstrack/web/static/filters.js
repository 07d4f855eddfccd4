// The change feed's filters apply as soon as a menu changes; without JavaScript the 筛选 button does it.
(function () {
  "use strict";
  var form = document.getElementById("change-filters");
  if (!form) { return; }
  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", function () { form.submit(); });
  });
})();
