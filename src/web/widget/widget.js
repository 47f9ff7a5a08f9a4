// helpdesk-copilot customer widget. Embed with:
//   <script src="https://YOUR-HOST/widget/widget.js" data-api="https://YOUR-HOST" data-key="WIDGET_KEY" defer></script>
// Plain JavaScript, no dependencies. Every piece of text from the service is inserted with
// textContent, never as HTML: answers quote articles, which are content, not markup.
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-helpdesk-widget]");
  var api = (script && script.getAttribute("data-api")) || window.location.origin;
  var key = script && script.getAttribute("data-key");
  var brand = script && script.getAttribute("data-brand");
  var title = (script && script.getAttribute("data-title")) || "Ask us anything";

  var handover = {
    human_requested: "Of course. A member of our support team will pick this up and reply to you shortly.",
    sensitive_topic: "This is something our support team handles personally. We have passed your question on and will reply shortly.",
    negative_sentiment: "We're sorry things have been frustrating. A member of our team will look into this personally and reply shortly.",
    no_coverage: "We don't have an article about this yet, so our support team will answer you directly.",
    low_confidence: "We want to get this right, so a member of our support team will answer you directly.",
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function request(path, body) {
    var headers = { "Content-Type": "application/json" };
    if (key) headers.Authorization = "Bearer " + key;
    return fetch(api + path, { method: "POST", headers: headers, body: JSON.stringify(body) });
  }

  var root = el("section", { class: "hc-widget", "aria-label": title });
  var style = el("style", {}, [
    ".hc-widget{font:15px/1.45 system-ui,sans-serif;max-width:420px;border:1px solid #c9ced6;border-radius:10px;padding:16px;background:#fff;color:#1d232b}",
    ".hc-widget h2{font-size:17px;margin:0 0 10px}",
    ".hc-widget textarea{width:100%;box-sizing:border-box;min-height:70px;font:inherit;padding:8px;border:1px solid #8a94a3;border-radius:6px}",
    ".hc-widget button{font:inherit;margin-top:8px;padding:7px 14px;border-radius:6px;border:1px solid #1f5fbf;background:#1f5fbf;color:#fff;cursor:pointer}",
    ".hc-widget button.secondary{background:#fff;color:#1f5fbf}",
    ".hc-widget button:focus-visible,.hc-widget textarea:focus-visible{outline:3px solid #f2a900;outline-offset:2px}",
    ".hc-answer{white-space:pre-wrap;margin-top:12px;padding:10px;background:#f3f6fa;border-radius:6px}",
    ".hc-handover{margin-top:12px;padding:10px;background:#fff6e0;border-radius:6px}",
  ].join(""));
  var heading = el("h2", {}, title);
  var form = el("form", {});
  var label = el("label", { for: "hc-question" }, "Your question");
  var input = el("textarea", { id: "hc-question", name: "question", required: "required", maxlength: "4000" });
  var submit = el("button", { type: "submit" }, "Ask");
  var result = el("div", { "aria-live": "polite", class: "hc-result" });
  form.append(label, input, submit);
  root.append(style, heading, form, result);

  function showFeedback(answerId) {
    var box = el("div", { class: "hc-feedback" });
    var prompt = el("span", {}, "Did this help? ");
    var yes = el("button", { type: "button", class: "secondary" }, "Yes");
    var no = el("button", { type: "button", class: "secondary" }, "No");
    function send(outcome) {
      yes.disabled = no.disabled = true;
      request("/v1/feedback", { answerId: answerId, outcome: outcome }).then(function (response) {
        box.textContent = response.ok
          ? outcome === "resolved" ? "Thanks for letting us know!" : "Sorry about that. Our support team will follow up."
          : "Sorry, we could not record that.";
      });
    }
    yes.addEventListener("click", function () { send("resolved"); });
    no.addEventListener("click", function () { send("not_resolved"); });
    box.append(prompt, yes, no);
    return box;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) return;
    submit.disabled = true;
    result.textContent = "Looking for an answer…";
    var body = { question: question };
    if (brand) body.brand = brand;
    request("/v1/answers", body)
      .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); })
      .then(function (reply) {
        result.textContent = "";
        if (!reply.ok) {
          result.append(el("p", { class: "hc-handover" }, (reply.data.error && reply.data.error.message) || "Something went wrong."));
          return;
        }
        var data = reply.data;
        if (data.decision === "answer") {
          result.append(el("div", { class: "hc-answer" }, data.answer));
          var source = data.sources && data.sources[0];
          if (source && source.url && /^https?:\/\//.test(source.url)) {
            var link = el("p", {});
            link.append(el("a", { href: source.url, target: "_blank", rel: "noopener" }, "Read the full article: " + source.title));
            result.append(link);
          }
          result.append(showFeedback(data.id));
        } else {
          result.append(el("p", { class: "hc-handover", role: "status" }, handover[data.reason] || handover.low_confidence));
        }
      })
      .catch(function () { result.textContent = "We could not reach support right now. Please try again."; })
      .then(function () { submit.disabled = false; });
  });

  var mount = (script && script.getAttribute("data-mount") && document.querySelector(script.getAttribute("data-mount"))) || null;
  if (mount) mount.append(root);
  else if (document.body) document.body.append(root);
  else document.addEventListener("DOMContentLoaded", function () { document.body.append(root); });
})();
