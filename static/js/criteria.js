// Requirement form: show only the value fields that belong to the chosen kind of requirement.
// Without JavaScript every field shows and the server ignores the ones that do not apply.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-kind-fields]");
  if (!form) { return; }
  var fieldsByKind = JSON.parse(form.getAttribute("data-kind-fields"));
  var kind = form.querySelector("select[name=kind]");
  var all = [];
  Object.keys(fieldsByKind).forEach(function (key) {
    fieldsByKind[key].forEach(function (name) { if (all.indexOf(name) < 0) { all.push(name); } });
  });
  function update() {
    var wanted = fieldsByKind[kind.value] || [];
    all.forEach(function (name) {
      var wrapper = document.getElementById("div_id_" + name);
      if (wrapper) { wrapper.hidden = kind.value !== "" && wanted.indexOf(name) < 0; }
    });
  }
  kind.addEventListener("change", update);
  update();
});
