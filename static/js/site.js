// Progressive enhancements; every page also works without JavaScript.
(function () {
  "use strict";

  function refreshCaptcha(group, data) {
    var apply = function (captcha) {
      group.querySelector("img.captcha-image").src = captcha.image_url;
      group.querySelector("input[type=hidden]").value = captcha.key;
      var answer = group.querySelector("input[type=text]");
      answer.value = "";
    };
    if (data) { apply(data); return; }
    var button = group.querySelector(".captcha-refresh");
    fetch(button.dataset.refreshUrl, { headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (r) { return r.json(); })
      .then(apply);
  }

  document.querySelectorAll(".captcha-refresh").forEach(function (button) {
    button.addEventListener("click", function () { refreshCaptcha(button.closest(".captcha-group")); });
  });

  // The ID number's label follows the document type.
  var labels = { resident: "身份证号码", hk_macao: "通行证号码", taiwan: "通行证号码", foreign_pr: "永久居留身份证号码", passport: "护照号码" };
  document.querySelectorAll("select.id-type-select").forEach(function (select) {
    select.addEventListener("change", function () {
      var label = document.querySelector("label[for=id_id_number]");
      if (label) { label.firstChild.textContent = labels[select.value] || "证件号码"; }
    });
  });

  function countdown(button, seconds) {
    var text = button.dataset.text || button.textContent;
    button.dataset.text = text;
    button.disabled = true;
    var tick = function () {
      if (seconds <= 0) { button.disabled = false; button.textContent = text; return; }
      button.textContent = seconds + "秒后重新获取";
      seconds -= 1;
      setTimeout(tick, 1000);
    };
    tick();
  }

  function showFeedback(form, field, message, ok) {
    form.querySelectorAll(".sms-feedback").forEach(function (el) { el.remove(); });
    if (!message) { return; }
    var name = field === "captcha" ? "captcha_1" : field;
    var input = form.querySelector("[name=" + name + "]") || form.querySelector("[name=sms_code]");
    var holder = input.closest(".input-group") ? input.closest(".input-group").parentNode : input.parentNode;
    var div = document.createElement("div");
    div.className = "sms-feedback mt-1 " + (ok ? "text-success" : "text-danger");
    div.setAttribute("role", ok ? "status" : "alert");
    div.textContent = message;
    holder.appendChild(div);
  }

  document.querySelectorAll("form.sms-form").forEach(function (form) {
    var button = form.querySelector("button[name=send_sms]");
    if (!button) { return; }
    var wait = parseInt(form.dataset.smsWait || "0", 10);
    if (wait > 0) { countdown(button, wait); }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      data.append("send_sms", "1");
      button.disabled = true;
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin"
      }).then(function (r) { return r.json(); }).then(function (result) {
        var field = Object.keys(result.errors || {})[0];
        showFeedback(form, field || "sms_code", result.ok ? result.message : result.errors[field], result.ok);
        var group = form.querySelector(".captcha-group");
        if (group && result.captcha_done) {
          var row = group.closest(".mb-3");
          row.innerHTML = '<label class="form-label">验证码</label><div class="form-control-plaintext text-success">图片验证码已通过验证</div>';
        } else if (group && result.captcha) {
          refreshCaptcha(group, result.captcha);
        }
        if (result.wait > 0) { countdown(button, result.wait); } else { button.disabled = false; }
      }).catch(function () {
        button.disabled = false;
        showFeedback(form, "sms_code", "网络异常，请稍后重试", false);
      });
    });
  });

  // 新增申请书: the four lists reload in place instead of the whole page.
  var chooser = document.getElementById("chooser");
  if (chooser) {
    chooser.addEventListener("click", function (event) {
      var link = event.target.closest("a.list-group-item");
      if (!link || !chooser.contains(link)) { return; }
      event.preventDefault();
      fetch(link.href, { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
        .then(function (html) { chooser.innerHTML = html; history.replaceState(null, "", link.href); })
        .catch(function () { window.location.href = link.href; });
    });
  }

  // Leaving a form with unsaved changes asks first.
  document.querySelectorAll("form.guard-unsaved").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  });

  // Deletions ask for confirmation.
  document.querySelectorAll("form.confirm-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
})();
