/* Switchboard chat widget loader: <script src="{origin}/widget.js" data-inbox="{token}" async></script> */
(function () {
  var script = document.currentScript;
  if (!script || window.__switchboardWidget) return;
  var token = script.getAttribute("data-inbox");
  if (!token) return console.error("Switchboard: the widget script needs a data-inbox attribute");
  var origin = new URL(script.src).origin;
  var color = script.getAttribute("data-color") || "#3b55e6";
  window.__switchboardWidget = true;

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

  var open = false;
  function toggle(next) {
    open = next;
    if (open && !frame.src) frame.src = origin + "/widget/frame?inbox=" + encodeURIComponent(token);
    frame.style.display = open ? "block" : "none";
    button.innerHTML = open ? closeIcon : chatIcon;
    button.setAttribute("aria-label", open ? "Close chat" : "Open chat");
  }
  button.addEventListener("click", function () {
    toggle(!open);
  });
  window.addEventListener("message", function (event) {
    if (event.origin === origin && event.data && event.data.type === "switchboard:close") toggle(false);
  });

  root.appendChild(frame);
  root.appendChild(button);
  (document.body || document.documentElement).appendChild(root);
})();
