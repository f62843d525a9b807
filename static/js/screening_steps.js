/* One question per screen on a tablet (progressive enhancement of screening/care/give_form.html).
   Without JavaScript the whole form shows and works. With it, and data-steps on the form, each
   fieldset is a step with Back / Next; the step's legend gets focus so a screen reader reads the
   question; the last step shows the submit button. A step with an error is shown first. */
(function () {
  "use strict";
  function start(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    var submit = form.querySelector(".screening-submit");
    if (steps.length < 2 || !submit) { return; }
    var labels = JSON.parse(document.getElementById("screening-step-labels").textContent);
    var nav = document.createElement("div");
    nav.className = "screening-steps-nav";
    var back = document.createElement("button");
    back.type = "button"; back.className = "button-secondary screening-big"; back.textContent = labels.back;
    var progress = document.createElement("p");
    progress.className = "screening-progress"; progress.setAttribute("aria-live", "polite");
    var next = document.createElement("button");
    next.type = "button"; next.className = "screening-big"; next.textContent = labels.next;
    nav.appendChild(back); nav.appendChild(progress); nav.appendChild(next);
    form.insertBefore(nav, submit);
    var current = 0;
    var firstError = steps.findIndex(function (s) { return s.querySelector(".errorlist"); });
    if (firstError >= 0) { current = firstError; }
    function show(index, focus) {
      current = index;
      steps.forEach(function (s, i) { s.hidden = i !== index; });
      back.hidden = index === 0;
      next.hidden = index === steps.length - 1;
      submit.hidden = index !== steps.length - 1;
      progress.textContent = labels.progress.replace("%(n)s", index + 1).replace("%(total)s", steps.length);
      if (focus) { steps[index].setAttribute("tabindex", "-1"); steps[index].focus(); }
    }
    back.addEventListener("click", function () { show(Math.max(0, current - 1), true); });
    next.addEventListener("click", function () { show(Math.min(steps.length - 1, current + 1), true); });
    form.addEventListener("submit", function () { steps.forEach(function (s) { s.hidden = false; }); });
    show(current, firstError >= 0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-steps]");
    if (form) { start(form); }
  });
})();
