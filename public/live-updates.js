// The running list of a live story page (components/site/live-updates.tsx draws it on the server and
// loads this file only while the story is live). It polls the story's live.json every 15 seconds
// while the tab is visible, redraws the list only when it changed, announces new entries politely,
// and stops for good when live coverage ends. Plain DOM code: no framework for one list.
(function () {
  var POLL_MS = 15000; // the JSON is cached for 5 s at the edge; never poll faster
  var root = document.querySelector("[data-live-slug]");
  if (!root) return;
  var slug = root.getAttribute("data-live-slug");
  var data = root.querySelector("script[type='application/json']");
  var current = data ? JSON.parse(data.textContent || "[]") : [];
  var announcer = root.querySelector("[aria-live]");
  var timer;
  var inFlight = false;
  var ended = false;
  var lastPolledAt = Date.now();

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw(entries) {
    var list = root.querySelector("[data-live-list]");
    var fresh;
    if (entries.length) {
      fresh = el("ol", "mt-3 divide-y divide-rule");
      entries.forEach(function (entry) {
        var item = el("li", "py-3");
        var time = el("time", "text-sm font-bold text-accent", entry.label);
        time.setAttribute("datetime", entry.iso);
        var text = el("p", "mt-1 font-serif text-lg", entry.text);
        if (entry.edited) text.appendChild(el("span", "text-sm text-muted", " (edited)"));
        item.appendChild(time);
        item.appendChild(text);
        fresh.appendChild(item);
      });
    } else {
      fresh = el("p", "mt-3 text-sm text-muted", "Updates will appear here as the story develops.");
    }
    fresh.setAttribute("data-live-list", "");
    list.replaceWith(fresh);
  }

  function announce(added) {
    if (!added.length) return;
    var latest = added[0];
    var prefix = added.length === 1 ? "New update" : added.length + " new updates. Latest";
    announcer.textContent = prefix + ", " + latest.label + ": " + latest.text;
  }

  function schedule() {
    clearTimeout(timer);
    timer = undefined;
    if (ended || document.visibilityState !== "visible") return;
    timer = setTimeout(poll, Math.max(0, lastPolledAt + POLL_MS - Date.now()));
  }

  function poll() {
    timer = undefined;
    inFlight = true;
    lastPolledAt = Date.now();
    fetch("/stories/" + encodeURIComponent(slug) + "/live.json", { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (body) {
            if (response.status === 404 || (body && body.live === false)) {
              ended = true;
              root.appendChild(el("p", "mt-3 text-sm font-semibold", "Live coverage has ended."));
              return;
            }
            if (response.ok && body && Array.isArray(body.entries) && JSON.stringify(body.entries) !== JSON.stringify(current)) {
              var known = {};
              current.forEach(function (entry) {
                known[entry.id] = true;
              });
              current = body.entries;
              draw(current);
              announce(
                current.filter(function (entry) {
                  return !known[entry.id];
                }),
              );
            }
          });
      })
      .catch(function () {
        // Offline or a server hiccup: try again at the next turn.
      })
      .then(function () {
        inFlight = false;
        schedule();
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") {
      clearTimeout(timer);
      timer = undefined;
    } else if (!inFlight && timer === undefined) {
      // Back in view: catch up, but no sooner than 15 s after the last request.
      schedule();
    }
  });
  schedule();
})();
