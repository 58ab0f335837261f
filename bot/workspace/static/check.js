// Checks a draft as the editor types: the same checks as "Save and check", nothing is saved.
// The page works without this script; it only adds the live list of problems and the reading grade.
(function () {
  "use strict";
  var form = document.querySelector("form[data-check]");
  var out = document.getElementById("live-check");
  if (!form || !out) { return; }
  var timer = null;
  var sent = 0;

  function item(text, field) {
    var li = document.createElement("li");
    if (field) {
      var strong = document.createElement("strong");
      strong.textContent = field;
      li.appendChild(strong);
      li.appendChild(document.createTextNode(": "));
    }
    li.appendChild(document.createTextNode(text));
    return li;
  }

  var labels = { title: "Title", body: "Answer", more: "Tell me more", references: "References",
                 definition: "What patients say", urgency: "Urgency" };

  function label(field) {
    var base = field.split(/[\[.]/)[0];
    return labels[base] ? labels[base] + field.slice(base.length) : field;
  }

  function show(result) {
    var problems = result.problems || [];
    var list = document.createElement("ul");
    problems.forEach(function (p) { list.appendChild(item(p.message, label(p.field))); });
    var heading = document.createElement("p");
    heading.className = "live-title";
    heading.textContent = problems.length
      ? "Checked as you type: " + problems.length + (problems.length === 1 ? " problem" : " problems") + " to fix"
      : "Checked as you type: all checks pass";
    var grades = result.grades || {};
    var parts = Object.keys(grades).map(function (name) { return labels[name] + " " + grades[name].toFixed(1); });
    var grade = document.createElement("p");
    grade.textContent = parts.length ? "Reading grade: " + parts.join(", ") + " (aim for 8 or below)." : "";
    out.className = problems.length ? "live problems" : "live ok-box";
    out.replaceChildren(heading);
    if (problems.length) { out.appendChild(list); }
    out.appendChild(grade);
    var saved = document.getElementById("saved-check");
    if (saved) { saved.hidden = true; }  // the list above is newer than the last save's
    ["title", "body", "more", "references", "definition"].forEach(function (name) {
      var field = form.elements[name];
      if (!field) { return; }
      var bad = problems.some(function (p) { return p.field === name || p.field.indexOf(name + "[") === 0; });
      field.setAttribute("aria-invalid", bad ? "true" : "false");
    });
  }

  function check() {
    var mine = ++sent;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("data-check"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (r) { return r.json(); }).then(function (result) {
      if (mine === sent && !result.error) { show(result); }
    }).catch(function () { /* the save button still checks */ });
  }

  form.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, 500);
  });
}());
