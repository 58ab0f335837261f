/* Website chat page for the patient-education bot (Rasa REST channel).
 *
 * Safety rules of this file:
 * - Message text is never parsed as HTML: every node is built with createElement / textContent.
 * - Links are only ever http(s) (or tel: for the clinic's call buttons), open in a new tab with
 *   rel="noopener noreferrer".
 * - No inline scripts or styles (the page's Content-Security-Policy forbids them).
 */
(function () {
  "use strict";

  var SENDER_KEY = "plo-chat-sender";
  // The conversation shown on screen, kept in this tab's sessionStorage only (gone when the tab
  // closes, or on "Start again"), so that a page reload does not lose it.
  var HISTORY_KEY = "plo-chat-history";
  var HISTORY_MAX_TURNS = 60;
  var REQUEST_TIMEOUT_MS = 30000;
  var FEEDBACK_PAYLOADS = { "/feedback_helpful": "up", "/feedback_not_helpful": "down" };
  function feedbackDirection(payload) {
    return Object.prototype.hasOwnProperty.call(FEEDBACK_PAYLOADS, payload) ? FEEDBACK_PAYLOADS[payload] : null;
  }
  var SVG_NS = "http://www.w3.org/2000/svg";
  var ICONS = {
    thumb: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 " +
      "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
    phone: "M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 " +
      "1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 " +
      "3.57.11.35.03.74-.25 1.02l-2.2 2.2z",
    warning: "M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z",
    retry: "M17.65 6.35A7.958 7.958 0 0 0 12 4c-4.42 0-7.99 3.58-7.99 8s3.57 8 7.99 8c3.73 0 6.84-2.55 " +
      "7.73-6h-2.08A5.99 5.99 0 0 1 12 18c-3.31 0-6-2.69-6-6s2.69-6 6-6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z"
  };

  var state = { config: null, configPromise: null, pending: false };
  var el = {};

  // ---------------------------------------------------------------- small DOM helpers

  function h(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function icon(name, className) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon" + (className ? " " + className : ""));
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function hiddenText(text) {
    return h("span", "visually-hidden", text);
  }

  function safeHttpUrl(raw) {
    try {
      var url = new URL(String(raw));
      if (url.protocol === "https:" || url.protocol === "http:") return url.href;
    } catch (err) { /* not a URL */ }
    return null;
  }

  function externalLink(href, label) {
    var a = h("a", "ext-link", label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.appendChild(hiddenText(" (opens in a new tab)"));
    return a;
  }

  // A tel: payload as a dialable URI: digits and a leading + only.
  function telHref(payload) {
    var number = String(payload).slice(4).trim();
    var digits = number.replace(/[^0-9+]/g, "");
    return digits ? { href: "tel:" + digits, shown: number } : null;
  }

  // ---------------------------------------------------------------- safe light markdown

  var WORD = /[0-9A-Za-z\u00C0-\u024F]/;

  function isSpace(ch) { return !ch || /\s/.test(ch); }
  function isWord(ch) { return ch !== undefined && WORD.test(ch); }

  // Closing position of an emphasis that opens at i with marker `mark` (*, **, _ or __), or -1.
  // Roughly CommonMark's flanking rules: no space inside the markers, and "_" never works
  // inside a word (snake_case, window.__name__=1 stay as typed).
  function findClose(text, i, mark) {
    var len = mark.length;
    var c = mark.charAt(0);
    var under = c === "_";
    var after = text.charAt(i + len);
    if (!after || isSpace(after) || after === c) return -1;
    if ((under || len === 1) && isWord(text.charAt(i - 1))) return -1;
    var j = text.indexOf(mark, i + len + 1);
    while (j !== -1) {
      var before = text.charAt(j - 1);
      var next = text.charAt(j + len);
      var okNext = under ? !isWord(next) && next !== c : len === 2 || next !== c;
      if (!isSpace(before) && okNext) return j;
      j = text.indexOf(mark, j + 1);
    }
    return -1;
  }

  // [label](url); the url may hold one level of brackets, as in https://en.wikipedia.org/wiki/X_(y)
  var LINK_RE = /\[([^\]\n]{1,300})\]\(((?:[^()\s]|\([^()\s]*\)){1,2000})\)/y;
  var URL_RE = /https?:\/\/[^\s<>"'`]+/y;

  function trimUrl(url) {
    // Leave trailing punctuation of the sentence out of a bare URL.
    var out = url;
    for (;;) {
      var last = out.charAt(out.length - 1);
      if (/[.,;:!?]/.test(last)) { out = out.slice(0, -1); continue; }
      if (last === ")" && (out.match(/\(/g) || []).length < (out.match(/\)/g) || []).length) {
        out = out.slice(0, -1);
        continue;
      }
      return out;
    }
  }

  // Inline markdown into nodes appended to `parent`: **bold**, _italic_ / *italic*, [text](https://...),
  // bare http(s) URLs. Everything else is text.
  function appendInline(parent, text, depth) {
    depth = depth || 0;
    var buf = "";
    function flush() {
      if (buf) { parent.appendChild(document.createTextNode(buf)); buf = ""; }
    }
    var i = 0;
    while (i < text.length) {
      var ch = text.charAt(i);
      if (depth < 4 && (ch === "*" || ch === "_")) {
        var mark = text.charAt(i + 1) === ch ? ch + ch : ch;
        var close = findClose(text, i, mark);
        if (close !== -1) {
          flush();
          var tag = mark.length === 2 ? "strong" : "em";
          var node = document.createElement(tag);
          appendInline(node, text.slice(i + mark.length, close), depth + 1);
          parent.appendChild(node);
          i = close + mark.length;
          continue;
        }
        buf += mark;
        i += mark.length;
        continue;
      }
      if (ch === "[") {
        LINK_RE.lastIndex = i;
        var m = LINK_RE.exec(text);
        if (m) {
          flush();
          var href = safeHttpUrl(m[2]);
          if (href) parent.appendChild(externalLink(href, m[1]));
          else parent.appendChild(document.createTextNode(m[1]));   // javascript:, data:, ... dropped
          i += m[0].length;
          continue;
        }
      }
      if ((ch === "h" || ch === "H") && !isWord(text.charAt(i - 1))) {
        URL_RE.lastIndex = i;
        var u = URL_RE.exec(text);
        if (u) {
          var raw = trimUrl(u[0]);
          var safe = safeHttpUrl(raw);
          if (safe && raw.length > 8) {
            flush();
            parent.appendChild(externalLink(safe, raw));
            i += raw.length;
            continue;
          }
        }
      }
      buf += ch;
      i += 1;
    }
    flush();
  }

  // Block markdown: paragraphs (blank line), line breaks, "- " / "* " bullets, "#" headings.
  function renderMarkdown(container, text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var para = null;
    var list = null;
    lines.forEach(function (rawLine) {
      var line = rawLine.replace(/\s+$/, "");
      if (!line.trim()) { para = null; list = null; return; }
      var bullet = /^\s*[-*\u2022]\s+(.*)$/.exec(line);
      if (bullet) {
        para = null;
        if (!list) { list = h("ul", "md-list"); container.appendChild(list); }
        var li = h("li");
        appendInline(li, bullet[1]);
        list.appendChild(li);
        return;
      }
      list = null;
      var heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) {
        para = null;
        var hp = h("p", "md-heading");
        appendInline(hp, heading[1]);
        container.appendChild(hp);
        return;
      }
      if (!para) { para = h("p"); container.appendChild(para); }
      else para.appendChild(document.createElement("br"));
      appendInline(para, line);
    });
    // A paragraph that is all italics ("_Sources: ... Last reviewed ..._") is a note: shown quieter.
    Array.prototype.forEach.call(container.querySelectorAll("p"), function (p) {
      if (p.childNodes.length === 1 && p.firstChild.nodeName === "EM") p.classList.add("md-note");
    });
  }

  // ---------------------------------------------------------------- conversation rendering

  function scrollToShow(node) {
    var box = el.scroller.getBoundingClientRect();
    var top = node.getBoundingClientRect().top - box.top + el.scroller.scrollTop - 12;
    el.scroller.scrollTop = Math.max(0, top);
  }

  function scrollToBottom() {
    el.scroller.scrollTop = el.scroller.scrollHeight;
  }

  function addUserBubble(text) {
    var bubble = h("div", "msg msg--user");
    bubble.appendChild(hiddenText("You said: "));
    bubble.appendChild(document.createTextNode(text));
    el.log.appendChild(bubble);
    scrollToBottom();
    return bubble;
  }

  function botBubble(text) {
    var bubble = h("div", "msg msg--bot");
    bubble.appendChild(hiddenText("Assistant: "));
    var body = h("div", "msg-body");
    renderMarkdown(body, text);
    bubble.appendChild(body);
    return bubble;
  }

  function callLink(tel, title, className) {
    var a = h("a", "call-link" + (className ? " " + className : ""));
    a.href = tel.href;
    a.appendChild(icon("phone"));
    var words = h("span", "call-words");
    words.appendChild(h("span", "call-title", title || "Call"));
    if (tel.shown) words.appendChild(h("span", "call-number", tel.shown));
    a.appendChild(words);
    return a;
  }

  function escalationBanner(urgency, calls) {
    var emergency = urgency === "emergency";
    var banner = h("div", "escalation " + (emergency ? "escalation--emergency" : "escalation--urgent"));
    banner.setAttribute("role", "alert");
    var level = h("p", "escalation-level");
    level.appendChild(icon("warning"));
    level.appendChild(h("span", null, emergency ? "Emergency" : "Urgent"));
    banner.appendChild(level);
    var body = h("div", "escalation-body");
    body.appendChild(h("p", "escalation-text", emergency
      ? "This could be an emergency. Get help now."
      : "Get medical help today. Do not wait."));
    calls.forEach(function (c) { body.appendChild(callLink(c.tel, c.title)); });
    banner.appendChild(body);
    return banner;
  }

  function sourcesBlock(references) {
    var block = h("div", "sources");
    var title = h("p", "sources-title", "Sources");
    title.id = "src-" + Math.random().toString(36).slice(2, 10);
    block.appendChild(title);
    var list = h("ol", "sources-list");
    list.setAttribute("aria-labelledby", title.id);
    references.forEach(function (ref) {
      if (!ref) return;
      var label = ref.citation || ref.id || "Reference";
      var li = h("li");
      var href = ref.url ? safeHttpUrl(ref.url) : null;
      li.appendChild(href ? externalLink(href, label) : document.createTextNode(label));
      list.appendChild(li);
    });
    block.appendChild(list);
    return block;
  }

  function disableGroup(group) {
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) { b.disabled = true; });
  }

  function enableGroup(group) {
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) {
      b.disabled = false;
      if (b.hasAttribute("aria-pressed")) b.setAttribute("aria-pressed", "false");
    });
  }

  function onChoice(group, button, title, payload) {
    if (state.pending) return;
    if (button.hasAttribute("aria-pressed")) button.setAttribute("aria-pressed", "true");
    disableGroup(group);
    el.input.focus({ preventScroll: true });
    send(payload, title, { onFail: function () { enableGroup(group); } });
  }

  function quickReplies(buttons) {
    var group = h("div", "actions");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Suggested replies");
    buttons.forEach(function (b) {
      var title = String(b.title || b.payload);
      var payload = String(b.payload || b.title);
      if (/^tel:/i.test(payload)) {
        var tel = telHref(payload);
        if (tel) group.appendChild(callLink(tel, title, "call-link--chip"));
        return;
      }
      var btn = h("button", "chip", title);
      btn.type = "button";
      btn.addEventListener("click", function () { onChoice(group, btn, title, payload); });
      group.appendChild(btn);
    });
    return group;
  }

  function feedbackButtons(buttons) {
    var group = h("div", "feedback");
    group.setAttribute("role", "group");
    var label = h("span", "feedback-label", "Was this helpful?");
    label.id = "fb-" + Math.random().toString(36).slice(2, 10);
    group.setAttribute("aria-labelledby", label.id);
    group.appendChild(label);
    buttons.forEach(function (b) {
      var direction = feedbackDirection(b.payload);
      var title = String(b.title || (direction === "up" ? "Helpful" : "Not helpful"));
      var btn = h("button", "thumb thumb--" + direction);
      btn.type = "button";
      btn.setAttribute("aria-pressed", "false");
      btn.appendChild(icon("thumb", direction === "down" ? "icon--flip" : ""));
      btn.appendChild(h("span", null, title));
      btn.addEventListener("click", function () { onChoice(group, btn, title, b.payload); });
      group.appendChild(btn);
    });
    return group;
  }

  function renderTurn(messages) {
    var customMsg = messages.filter(function (m) { return m && m.custom; })[0];
    var custom = (customMsg && customMsg.custom) || {};
    var kind = String(custom.kind || "");
    var turn = h("div", "turn");
    turn.dataset.kind = kind;
    turn.dataset.urgency = String(custom.urgency || "");

    var escalation = kind === "escalation";
    var calls = [];
    messages.forEach(function (m) {
      (m && Array.isArray(m.buttons) ? m.buttons : []).forEach(function (b) {
        if (escalation && b && /^tel:/i.test(String(b.payload))) {
          var tel = telHref(b.payload);
          if (tel) calls.push({ tel: tel, title: String(b.title || "Call") });
        }
      });
    });
    if (escalation) turn.appendChild(escalationBanner(String(custom.urgency || "urgent"), calls));

    var firstBubble = null;
    var lastBubble = null;
    messages.forEach(function (m) {
      if (!m || m.custom) return;
      if (typeof m.text === "string" && m.text.trim()) {
        lastBubble = botBubble(m.text);
        firstBubble = firstBubble || lastBubble;
        turn.appendChild(lastBubble);
      }
      var buttons = Array.isArray(m.buttons) ? m.buttons.filter(function (b) {
        return b && (b.payload || b.title) && !(escalation && /^tel:/i.test(String(b.payload)));
      }) : [];
      var feedback = buttons.filter(function (b) { return feedbackDirection(b.payload); });
      var others = buttons.filter(function (b) { return !feedbackDirection(b.payload); });
      if (others.length) turn.appendChild(quickReplies(others));
      if (feedback.length) turn.appendChild(feedbackButtons(feedback));
    });

    // The turn's references go under the text they belong to: an answer's under the answer, a red
    // flag's under the escalation advice (an answer that may follow it carries its own Sources line).
    var refs = Array.isArray(custom.references) ? custom.references : [];
    var owner = escalation ? firstBubble : kind === "answer" ? lastBubble : null;
    if (refs.length && owner) owner.appendChild(sourcesBlock(refs));
    if (!turn.childNodes.length) return false;
    el.log.appendChild(turn);
    return turn;
  }

  // ---------------------------------------------------------------- errors and the typing indicator

  function setTyping(on) {
    el.typingBubble.hidden = !on;
    el.typingText.textContent = on ? "The assistant is typing" : "";
    if (on) scrollToBottom();
  }

  function showError(message, retry) {
    var box = h("div", "error");
    box.setAttribute("role", "alert");
    box.appendChild(icon("warning"));
    var words = h("div", "error-words");
    words.appendChild(h("p", "error-text", message));
    var again = h("button", "chip chip--retry");
    again.type = "button";
    again.appendChild(icon("retry"));
    again.appendChild(h("span", null, "Try again"));
    again.addEventListener("click", function () {
      if (state.pending) return;
      box.remove();
      retry();
    });
    words.appendChild(again);
    box.appendChild(words);
    el.log.appendChild(box);
    scrollToBottom();
    return box;
  }

  // ---------------------------------------------------------------- talking to the server

  function randomId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function senderId() {
    try {
      var id = window.sessionStorage.getItem(SENDER_KEY);
      if (!id) { id = randomId(); window.sessionStorage.setItem(SENDER_KEY, id); }
      return id;
    } catch (err) {
      if (!state.fallbackSender) state.fallbackSender = randomId();
      return state.fallbackSender;
    }
  }

  function storedHistory() {
    try {
      var list = JSON.parse(window.sessionStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (err) {
      return [];
    }
  }

  function remember(shown, reply) {
    try {
      var list = storedHistory();
      list.push({ you: String(shown), bot: reply });
      window.sessionStorage.setItem(HISTORY_KEY, JSON.stringify(list.slice(-HISTORY_MAX_TURNS)));
    } catch (err) { /* storage full or switched off: the conversation still works, it is just not kept */ }
  }

  // Show the conversation kept in this tab, as it was; only the last turn's buttons still work.
  function restoreHistory() {
    var last = null;
    storedHistory().forEach(function (entry) {
      if (!entry || typeof entry.you !== "string" || !Array.isArray(entry.bot)) return;
      addUserBubble(entry.you);
      last = renderTurn(entry.bot) || last;
    });
    Array.prototype.forEach.call(el.log.querySelectorAll("button"), function (b) {
      if (!last || !last.contains(b)) b.disabled = true;
    });
    if (last) scrollToBottom();
  }

  function startAgain() {
    if (state.pending) return;
    if (el.log.childNodes.length &&
        !window.confirm("Start a new conversation? The conversation on this screen will be cleared.")) return;
    try {
      window.sessionStorage.removeItem(HISTORY_KEY);
      window.sessionStorage.removeItem(SENDER_KEY);   // the next message starts a new conversation
    } catch (err) { /* nothing kept */ }
    state.fallbackSender = null;
    el.log.textContent = "";
    el.input.value = "";
    el.scroller.scrollTop = 0;
    el.input.focus({ preventScroll: true });
  }

  function loadConfig() {
    if (state.config) return Promise.resolve(state.config);
    if (!state.configPromise) {
      state.configPromise = fetch("config.json", { cache: "no-store", credentials: "same-origin" })
        .then(function (res) {
          if (!res.ok) throw new Error("config " + res.status);
          return res.json();
        })
        .then(function (cfg) {
          if (!cfg || typeof cfg.rasaUrl !== "string") throw new Error("config without rasaUrl");
          state.config = cfg;
          if (cfg.clinicName) el.clinicName.textContent = String(cfg.clinicName);
          return cfg;
        })
        .catch(function (err) { state.configPromise = null; throw err; });
    }
    return state.configPromise;
  }

  function postMessage(text) {
    return loadConfig().then(function (cfg) {
      var controller = typeof AbortController === "function" ? new AbortController() : null;
      var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
      var url = cfg.rasaUrl.replace(/\/+$/, "") + "/webhooks/rest/webhook";
      return fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: senderId(), message: text }),
        credentials: "omit",
        cache: "no-store",
        signal: controller ? controller.signal : undefined
      }).then(function (res) {
        if (!res.ok) throw new Error("status " + res.status);
        return res.json();
      }).then(function (data) {
        if (!Array.isArray(data) || !data.length) throw new Error("empty reply");
        return data;
      }).finally(function () { if (timer) clearTimeout(timer); });
    });
  }

  // Send `message` (text or a button payload), showing `shown` as the patient's bubble.
  // opts.typed: the text came from the input box (give it back on failure).
  // opts.onFail: called when sending failed.
  function send(message, shown, opts) {
    opts = opts || {};
    if (state.pending) return false;
    state.pending = true;
    Array.prototype.forEach.call(el.log.querySelectorAll(".error"), function (box) { box.remove(); });
    el.send.setAttribute("aria-disabled", "true");
    var bubble = addUserBubble(shown);
    setTyping(true);
    postMessage(message).then(function (reply) {
      setTyping(false);
      var turn = renderTurn(reply);
      remember(shown, reply);
      if (turn) scrollToShow(bubble);
    }).catch(function () {
      setTyping(false);
      bubble.classList.add("msg--failed");
      bubble.appendChild(h("span", "msg-failed-note", "Not sent"));
      if (opts.typed && !el.input.value) el.input.value = message;   // the patient's words are never lost
      if (opts.onFail) opts.onFail();
      showError(navigator.onLine === false
        ? "You seem to be offline. Your message was not sent. Check your connection, then try again."
        : "Sorry, your message could not be sent. Please check your connection and try again.",
      function () {
        bubble.remove();
        if (opts.typed && el.input.value === message) el.input.value = "";
        send(message, shown, opts);
      });
    }).then(function () {
      state.pending = false;
      el.send.removeAttribute("aria-disabled");
    });
    return true;
  }

  // ---------------------------------------------------------------- wiring

  function onSubmit(event) {
    event.preventDefault();
    var text = el.input.value.trim();
    if (!text) { el.input.focus(); return; }
    if (state.pending) return;   // keep the text; it can be sent when the answer has arrived
    if (send(text, text, { typed: true })) el.input.value = "";
  }

  function init() {
    el.scroller = document.getElementById("scroller");
    el.log = document.getElementById("log");
    el.form = document.getElementById("composer");
    el.input = document.getElementById("message");
    el.send = document.getElementById("send");
    el.clinicName = document.getElementById("clinic-name");
    var typing = document.getElementById("typing");
    el.typingBubble = typing.querySelector(".typing-bubble");
    el.typingText = typing.querySelector(".typing-text");

    el.form.addEventListener("submit", onSubmit);
    document.getElementById("start-again").addEventListener("click", startAgain);
    restoreHistory();
    Array.prototype.forEach.call(document.querySelectorAll("[data-say]"), function (btn) {
      btn.addEventListener("click", function () {
        if (state.pending) return;
        el.input.focus({ preventScroll: true });
        var say = btn.getAttribute("data-say");
        send(say, say);
      });
    });
    connect();
  }

  function connect() {
    loadConfig().catch(function () {
      showError("The chat could not connect. Please check your connection and try again.", connect);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

}());
