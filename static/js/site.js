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

  // Files the server would refuse for their size are caught before sending, so nothing typed is
  // lost. Limits come from the inputs: data-max-bytes per file, data-max-total-bytes per request.
  function megabytes(bytes) { return Math.round(bytes / 104857.6) / 10 + "MB"; }

  function showFileError(input, message) {
    var old = input.parentNode.querySelector(".file-size-feedback");
    if (old) { old.remove(); }
    input.classList.toggle("is-invalid", Boolean(message));
    if (!message) { return; }
    var div = document.createElement("div");
    div.className = "file-size-feedback invalid-feedback d-block";
    div.setAttribute("role", "alert");
    div.textContent = message;
    input.insertAdjacentElement("afterend", div);
  }

  function filesFit(form) {
    var total = 0, totalLimit = Infinity, fits = true, lastChosen = null;
    form.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      var limit = parseInt(input.dataset.maxBytes, 10);
      var pageLimit = parseInt(input.dataset.maxTotalBytes || "0", 10);
      if (pageLimit > 0) { totalLimit = Math.min(totalLimit, pageLimit); }
      var message = "";
      Array.prototype.forEach.call(input.files || [], function (file) {
        total += file.size;
        if (!message && limit > 0 && file.size > limit) {
          message = "文件“" + file.name + "”超过" + megabytes(limit) + "，请压缩后重新选择";
        }
      });
      showFileError(input, message);
      if (message) { fits = false; }
      if (input.files && input.files.length) { lastChosen = input; }
    });
    if (fits && total > totalLimit && lastChosen) {
      showFileError(lastChosen, "所选文件共" + megabytes(total) + "，一次最多提交" + megabytes(totalLimit) + "，请分次上传");
      fits = false;
    }
    return fits;
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("input[type=file][data-max-bytes]")) { return; }
    form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=file]")) { filesFit(form); }
    });
    form.addEventListener("submit", function (event) {
      if (filesFit(form)) { return; }
      event.preventDefault();
      // Registered before the unsaved-changes guard: stop it from treating the page as saved.
      event.stopImmediatePropagation();
      form.querySelector(".file-size-feedback").scrollIntoView({ block: "center" });
    });
  });

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
