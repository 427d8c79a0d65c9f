/* Idle sessions: warn before the server ends the session, offer to stay signed in, and fill a
   form back in after a new login when the server kept what was posted after the session ended. */
(function () {
  "use strict";

  function fillHeldPost() {
    var holder = document.getElementById("held-post");
    if (!holder) return;
    var held;
    try { held = JSON.parse(holder.textContent); } catch (e) { return; }
    var action = held.action;
    var forms = Array.prototype.filter.call(document.forms, function (form) {
      return (form.method || "").toLowerCase() === "post" && new URL(form.action, location.href).pathname === action;
    });
    var form = forms[0];
    if (!form) return;
    var byName = {};
    held.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Object.keys(byName).forEach(function (name) {
      var values = byName[name];
      var elements = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
      Array.prototype.forEach.call(elements, function (element, index) {
        if (element.type === "file" || element.type === "hidden" && name === "csrfmiddlewaretoken") return;
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = values.indexOf(element.value) !== -1;
        } else if (element.tagName === "SELECT" && element.multiple) {
          Array.prototype.forEach.call(element.options, function (option) { option.selected = values.indexOf(option.value) !== -1; });
        } else if (element.type !== "hidden") {
          element.value = values[Math.min(index, values.length - 1)];
        }
        element.dispatchEvent(new Event("input", { bubbles: true }));
        element.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  function idleWarning() {
    var body = document.body;
    var idle = parseInt(body.dataset.sessionIdle || "0", 10);
    var warnBefore = parseInt(body.dataset.sessionWarning || "300", 10);
    var box = document.getElementById("session-warning");
    if (!idle || !box) return;
    var key = "zc:last-request";
    // Every page load is a request that moved the server's expiry on; other tabs share the time.
    var now = Date.now();
    try { localStorage.setItem(key, String(now)); } catch (e) { /* private mode: this tab only */ }
    var lastLocal = now;
    function last() {
      var stored = 0;
      try { stored = parseInt(localStorage.getItem(key) || "0", 10); } catch (e) { stored = 0; }
      return Math.max(stored, lastLocal);
    }
    function show(ended, remaining) {
      box.hidden = false;
      box.querySelector('[data-when="soon"]').hidden = ended;
      box.querySelector('[data-when="ended"]').hidden = !ended;
      box.querySelector("[data-keepalive]").hidden = ended;
      var minutes = Math.floor(remaining / 60), seconds = remaining % 60;
      box.querySelector("[data-remaining]").textContent = (minutes ? minutes + " 分 " : "") + seconds + " 秒";
    }
    function tick() {
      var remaining = Math.round(idle - (Date.now() - last()) / 1000);
      if (remaining <= 0) show(true, 0);
      else if (remaining <= warnBefore) show(false, remaining);
      else box.hidden = true;
    }
    box.querySelector("[data-keepalive]").addEventListener("click", function () {
      var token = document.querySelector('meta[name="csrf-token"]');
      fetch(body.dataset.keepaliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.content : "", "X-Requested-With": "XMLHttpRequest" }
      }).then(function (response) {
        if (response.ok) {
          lastLocal = Date.now();
          try { localStorage.setItem(key, String(lastLocal)); } catch (e) { /* this tab only */ }
          box.hidden = true;
        } else {
          show(true, 0);
        }
      });
    });
    setInterval(tick, 1000);
    tick();
  }

  fillHeldPost();
  idleWarning();
})();
