/* Switchboard chat widget loader: <script src="{origin}/widget.js" data-inbox="{token}" async></script>
   Host page API (calls made before this loads are queued by the snippet's stub):
   Switchboard('identify', { userId, userHash, name, email }); Switchboard('reset'); */
(function () {
  var script = document.currentScript;
  if (!script || window.__switchboardWidget) return;
  var token = script.getAttribute("data-inbox");
  if (!token) return console.error("Switchboard: the widget script needs a data-inbox attribute");
  var origin = new URL(script.src).origin;
  var color = script.getAttribute("data-color") || "#3b55e6";
  window.__switchboardWidget = true;

  // The visitor lives in the host page's own storage: a cross-site frame's storage is partitioned or blocked.
  var key = "switchboard:visitor:" + token;
  var identity = null;
  function stored(value) {
    try {
      if (value === undefined) return localStorage.getItem(key) || null;
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (e) {
      /* storage blocked: the frame keeps the visitor if it can */
    }
  }

  var root = document.createElement("div");
  root.id = "switchboard-widget";
  root.style.cssText = "position:fixed;right:20px;bottom:20px;z-index:2147483000;font-family:system-ui,sans-serif";

  var frame = document.createElement("iframe");
  frame.title = "Chat with us";
  frame.allow = "clipboard-write";
  frame.style.cssText =
    "display:none;width:370px;height:560px;max-width:calc(100vw - 40px);max-height:calc(100vh - 110px);border:0;border-radius:16px;box-shadow:0 12px 40px rgba(15,23,42,.25);margin-bottom:14px;background:#fff";

  var button = document.createElement("button");
  button.type = "button";
  button.setAttribute("aria-label", "Open chat");
  button.setAttribute("data-switchboard-launcher", "");
  button.style.cssText =
    "display:block;margin-left:auto;width:56px;height:56px;border:0;border-radius:50%;cursor:pointer;color:#fff;box-shadow:0 6px 20px rgba(15,23,42,.3);background:" +
    color;
  var chatIcon =
    '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>';
  var closeIcon =
    '<svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M18 6 6 18M6 6l12 12"/></svg>';
  button.innerHTML = chatIcon;

  // Messages wait until the frame said it is ready; a reset is remembered until the frame heard it.
  var ready = false;
  var fresh = false;
  var canStore = stored() !== undefined;
  function init() {
    if (!ready) return;
    frame.contentWindow.postMessage(
      { type: "switchboard:init", visitorToken: stored(), identity: identity, fresh: fresh, hostStorage: canStore },
      origin,
    );
    fresh = false;
  }

  var open = false;
  function toggle(next) {
    open = next;
    if (open && !frame.src)
      frame.src =
        origin + "/widget/frame?inbox=" + encodeURIComponent(token) + "&parent=" + encodeURIComponent(location.origin);
    frame.style.display = open ? "block" : "none";
    button.innerHTML = open ? closeIcon : chatIcon;
    button.setAttribute("aria-label", open ? "Close chat" : "Open chat");
  }
  button.addEventListener("click", function () {
    toggle(!open);
  });
  // Only our frame, from the widget's origin, may store a token or close the chat.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || event.source !== frame.contentWindow || !data) return;
    if (data.type === "switchboard:close") toggle(false);
    else if (data.type === "switchboard:ready") {
      ready = true;
      init();
    } else if (data.type === "switchboard:token" && typeof data.visitorToken === "string") stored(data.visitorToken);
  });

  var api = function (command, options) {
    if (command === "identify" && options && typeof options.userId === "string") {
      identity = {
        userId: options.userId,
        userHash: options.userHash,
        name: options.name,
        email: options.email,
      };
      init();
    } else if (command === "reset") {
      identity = null;
      stored(null);
      fresh = true;
      init();
    }
  };
  var queued = (window.Switchboard && window.Switchboard.q) || [];
  window.Switchboard = api;
  for (var i = 0; i < queued.length; i++) api.apply(null, queued[i]);

  root.appendChild(frame);
  root.appendChild(button);
  (document.body || document.documentElement).appendChild(root);
})();
