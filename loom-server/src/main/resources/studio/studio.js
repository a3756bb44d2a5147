// Loom Studio: a single page over Loom's public HTTP API. Views are addressed by the URL's fragment
// (#/actors/counter/c1?seq=3), so every view has a link and the server serves one page. The token lives in this
// tab's sessionStorage and travels only in the Authorization header: never in a URL, a cookie or a log.
// The DOM is built with h(), never from markup strings, so nothing the API returns can become markup.
"use strict";
(() => {
  const TOKEN_KEY = "loomStudioToken";
  const THEME_KEY = "loomStudioTheme";
  const REFRESH_MS = 2000;
  const PAGE = 200;
  const ROLES = { reader: 1, writer: 2, admin: 3 };

  const VIEWS = [
    { id: "overview", title: "Overview", key: "1", role: "reader" },
    { id: "actors", title: "Actors", key: "2", role: "reader" },
    { id: "dead-letters", title: "Dead letters", key: "3", role: "admin" },
    { id: "queues", title: "Queues", key: "4", role: "admin" },
    { id: "breakers", title: "Breakers", key: "5", role: "reader" },
    { id: "partitions", title: "Partitions", key: "6", role: "admin" },
    { id: "cache", title: "Cache", key: "7", role: "admin" },
    { id: "slow", title: "Slow endpoints", key: "8", role: "admin" },
    { id: "pipelines", title: "Pipelines", key: "9", role: "reader", actorType: "loom.pipeline" },
  ];

  let token = sessionStorage.getItem(TOKEN_KEY);
  let me = null;            // { role, scope } from GET /api/token
  let timer = null;         // the current view's refresh
  let liveHook = null;      // { fn, key }: the current view's refresh on a streamed sample
  let viewSerial = 0;       // a view's async work stops once another view rendered
  let meters = { seq: 0, samples: [], thresholds: {}, windowSeconds: 900 };

  // ---------- DOM ----------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else if (v === true) el.setAttribute(k, "");
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c == null || c === false) continue;
      el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const $ = id => document.getElementById(id);
  const main = () => $("main");

  function toast(text, kind) {
    const t = h("div", { class: `toast ${kind || ""}` }, text);
    $("toasts").appendChild(t);
    setTimeout(() => t.remove(), kind === "error" ? 8000 : 4000);
  }

  function confirmAction(title, text, okLabel, danger) {
    const d = $("confirm");
    $("confirm-ok").className = danger ? "danger" : "";
    $("confirm-title").textContent = title;
    $("confirm-text").textContent = text;
    $("confirm-ok").textContent = okLabel;
    return new Promise(resolve => {
      const done = answer => {
        $("confirm-ok").onclick = $("confirm-cancel").onclick = d.oncancel = null;
        d.close();
        resolve(answer);
      };
      $("confirm-ok").onclick = () => done(true);
      $("confirm-cancel").onclick = () => done(false);
      d.oncancel = () => done(false);
      d.showModal();
      $("confirm-cancel").focus();
    });
  }

  // ---------- formatting ----------
  const num = v => v == null ? "–" : (Math.abs(v) >= 100 || Number.isInteger(v) ? Math.round(v).toLocaleString("en")
    : v.toFixed(Math.abs(v) >= 10 ? 1 : 2));
  const secs = v => v == null ? "–" : v === 0 ? "0" : v >= 1 ? `${v.toFixed(v >= 10 ? 0 : 2)} s` : `${(v * 1000).toFixed(v * 1000 >= 10 ? 0 : 1)} ms`;
  const age = v => v == null ? "–" : v >= 3600 ? `${(v / 3600).toFixed(1)} h` : v >= 60 ? `${(v / 60).toFixed(1)} min` : `${Math.round(v)} s`;
  // Local time as 2026-05-01 14:03:07: sortable, and unambiguous whatever the browser's locale.
  const time = iso => iso ? new Date(iso).toLocaleString("sv-SE", { hour12: false }) : "–";
  const json = v => JSON.stringify(v, null, 2);
  const can = role => me && ROLES[me.role] >= ROLES[role];
  // A view about one actor type (pipelines: loom.pipeline) is hidden from tokens whose scope excludes that type.
  const inScope = v => !v.actorType || !me.scope.actorTypes || me.scope.actorTypes.includes(v.actorType);
  const allowed = v => can(v.role) && inScope(v);

  // ---------- API ----------
  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.message ? body.message : `HTTP ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  async function api(path, opts = {}) {
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    Object.assign(headers, opts.headers || {});
    const res = await fetch(path, {
      method: opts.method || "GET", headers, cache: "no-store", credentials: "omit",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = { message: text }; }
    if (res.status === 401 && path !== "/api/token") {
      logout("The server no longer accepts this token; log in again.");
      throw new ApiError(res.status, body);
    }
    if (!res.ok) throw new ApiError(res.status, body);
    return body;
  }

  const enc = encodeURIComponent;

  // ---------- routing ----------
  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "");
    const [path, query] = raw.split("?");
    return { parts: (path || "overview").split("/").filter(Boolean).map(decodeURIComponent),
             query: new URLSearchParams(query || "") };
  }

  function go(hash) {
    if (location.hash === hash) render(); else location.hash = hash;
  }

  /**
   * Refreshes the current view every 2 s. With `live`, the view is refreshed on each sample of the event stream
   * instead ("*": every sample; a sample field's name: when that field changed), and polled only while the
   * stream is down.
   */
  function setRefresh(fn, live) {
    clearInterval(timer);
    liveHook = fn && live ? { fn, key: live } : null;
    timer = fn ? setInterval(() => { if (!document.hidden && !(live && stream.connected)) fn(); }, REFRESH_MS) : null;
  }

  // ---------- live updates: Server-Sent Events ----------
  // An EventSource cannot send the Authorization header, so each stream is opened with a single-use ticket that a
  // POST with the header returns; the token never goes in the URL. On any error (the server restarted, the stream
  // ended, the ticket was refused) the source is closed and a new ticket is asked for, backing off; meanwhile the
  // views poll.
  const stream = { source: null, connected: false, failures: 0, retry: null };

  /** Merges samples from the history and the stream, by seq, keeping the last 15 minutes. */
  function addSamples(samples) {
    if (!samples.length) return;
    const last = meters.samples[meters.samples.length - 1];
    // A restarted server numbers its samples from 1 again: a lower seq taken later means start over.
    if (last && samples.some(s => s.seq <= last.seq && Date.parse(s.at) > Date.parse(last.at))) meters.samples = [];
    const bySeq = new Map(meters.samples.map(s => [s.seq, s]));
    for (const s of samples) bySeq.set(s.seq, s);
    const cutoff = Date.now() - meters.windowSeconds * 1000;
    meters.samples = [...bySeq.values()].filter(s => Date.parse(s.at) >= cutoff).sort((a, b) => a.seq - b.seq);
    if (meters.samples.length) meters.seq = meters.samples[meters.samples.length - 1].seq;
  }

  // A burst of samples (a stream catching up) refreshes the view once.
  let hookPending = false;
  function runHook() {
    if (hookPending) return;
    hookPending = true;
    setTimeout(() => {
      hookPending = false;
      const hook = liveHook;
      if (hook && !document.hidden) Promise.resolve(hook.fn()).catch(e => toast(e.message, "error"));
    }, 0);
  }

  function showLive() {
    const b = $("live");
    b.textContent = stream.connected ? "live" : "polling";
    b.className = `badge ${stream.connected ? "ok" : ""}`;
  }

  async function openStream() {
    clearTimeout(stream.retry);
    if (!token || stream.source) return;
    const retry = () => {
      stream.connected = false;
      showLive();
      stream.failures++;
      stream.retry = setTimeout(openStream, Math.min(30000, 1000 * 2 ** Math.min(stream.failures, 5)));
    };
    let ticket;
    try { ticket = (await api("/api/events/tickets", { method: "POST" })).ticket; } catch (e) { retry(); return; }
    if (!token || stream.source) return;
    // A stream resumes after the samples this page has; a first one starts at the latest (the overview reads the
    // history itself).
    const es = new EventSource(`/api/events/stream?ticket=${enc(ticket)}${meters.seq ? `&after=${meters.seq}` : ""}`);
    stream.source = es;
    let previous = meters.samples[meters.samples.length - 1] || null;
    es.addEventListener("sample", ev => {
      const sample = JSON.parse(ev.data);
      addSamples([sample]);
      stream.connected = true;
      stream.failures = 0;
      showLive();
      const hook = liveHook;
      if (hook && (hook.key === "*" || !previous || previous[hook.key] !== sample[hook.key])) runHook();
      previous = sample;
    });
    const reopen = () => {
      es.close();
      if (stream.source === es) stream.source = null;
    };
    es.addEventListener("end", () => { reopen(); openStream(); });
    es.onerror = () => { reopen(); retry(); };
  }

  function closeStream() {
    clearTimeout(stream.retry);
    if (stream.source) stream.source.close();
    stream.source = null;
    stream.connected = false;
    showLive();
  }

  async function render() {
    const serial = ++viewSerial;
    setRefresh(null);
    if (!token || !me) { renderLogin(); return; }
    const { parts, query } = parseHash();
    const view = VIEWS.find(v => v.id === parts[0]) || VIEWS[0];
    document.querySelectorAll("#nav a").forEach(a => a.dataset.view === view.id
      ? a.setAttribute("aria-current", "page") : a.removeAttribute("aria-current"));
    document.title = `${view.title} · Loom Studio`;
    $("nav").classList.remove("open");
    if (!allowed(view)) {
      main().replaceChildren(h("div", { class: "panel" }, h("h1", {}, view.title), h("p", { class: "sub" }, can(view.role)
        ? `This view needs a token whose scope includes the actor type ${view.actorType}.`
        : `This view needs the ${view.role} role; this token has the ${me.role} role.`)));
      return;
    }
    const alive = () => serial === viewSerial;
    try {
      await RENDERERS[view.id](parts.slice(1), query, alive);
    } catch (e) {
      if (alive()) main().replaceChildren(h("div", { class: "panel" }, h("h1", {}, view.title),
        h("p", { class: "error-text" }, e.message)));
    }
  }

  // ---------- login ----------
  function renderLogin(message) {
    $("top").hidden = true;
    const input = h("input", { type: "password", id: "token", name: "token", autocomplete: "off", spellcheck: "false",
      required: true, placeholder: "Bearer token", "aria-label": "Token" });
    const error = h("p", { class: "error-text", id: "login-error", role: "alert" }, message || "");
    const form = h("form", { class: "stack", id: "login-form", onsubmit: async ev => {
      ev.preventDefault();
      error.textContent = "";
      token = input.value.trim();
      try {
        me = await api("/api/token");
        sessionStorage.setItem(TOKEN_KEY, token);
        start();
      } catch (e) {
        token = null;
        me = null;
        error.textContent = e.status === 401 ? "The server does not know this token." : e.message;
      }
    } }, h("label", {}, "Token", input), h("div", { class: "row end" }, h("button", { type: "submit", id: "login" }, "Log in")));
    main().replaceChildren(h("div", { class: "login" }, h("div", { class: "panel stack" },
      h("div", { class: "row" }, h("img", { src: "/studio/favicon.svg", alt: "", width: 28, height: 28 }), h("h1", {}, "Loom Studio")),
      h("p", {}, "Log in with a Loom API token. It is kept in this tab only (sessionStorage) and sent in the "
        + "Authorization header; closing the tab forgets it."), form, error)));
    input.focus();
  }

  function logout(message) {
    token = null;
    me = null;
    sessionStorage.removeItem(TOKEN_KEY);
    setRefresh(null);
    closeStream();
    renderLogin(message);
  }

  function start() {
    $("top").hidden = false;
    const badge = $("role-badge");
    badge.textContent = me.role + (me.scope.actorTypes ? ` · ${me.scope.actorTypes.join(", ")}` : "");
    badge.className = `badge ${me.role}`;
    $("nav").replaceChildren(...VIEWS.filter(allowed).map(v =>
      h("a", { href: `#/${v.id}`, "data-view": v.id, id: `nav-${v.id}` }, v.title, h("kbd", {}, v.key))));
    openStream();
    render();
  }

  // ---------- overview ----------
  const CHARTS = [
    { id: "messages", title: "Messages / s", format: num, series: [
      ["accepted", s => s.messagesPerSecond.accepted], ["committed", s => s.messagesPerSecond.committed],
      ["retried", s => s.messagesPerSecond.retried], ["dead-lettered", s => s.messagesPerSecond.dead_lettered]] },
    { id: "latency", title: "Turn latency", format: secs, threshold: "turnP95Seconds", thresholdName: "p95", series: [
      ["p50", s => s.turnSeconds.p50], ["p95", s => s.turnSeconds.p95], ["p99", s => s.turnSeconds.p99]] },
    { id: "depth", title: "Queue depth", format: num, threshold: "queueDepth", series: [["waiting", s => s.queueDepth]] },
    { id: "age", title: "Oldest waiting message", format: age, threshold: "queueOldestAgeSeconds",
      series: [["age", s => s.queueOldestAgeSeconds]] },
    { id: "dlq", title: "Dead letters", format: num, threshold: "deadLetters", series: [["dead letters", s => s.deadLetters]] },
    { id: "breakers", title: "Open breakers", format: num, threshold: "openBreakers",
      series: [["open", s => s.openBreakers]] },
    { id: "partitions", title: "Partitions held", format: num, series: [
      ["held", s => s.partitionsHeld], ["total", s => s.partitionsTotal]] },
    { id: "actors", title: "Active actors", format: num, series: [["active", s => s.activeActors]] },
  ];

  let historyLoaded = false;
  async function loadHistory() {
    // The first read takes the whole window, even when the stream has already brought the latest samples.
    const r = await api(`/api/metrics/history?after=${historyLoaded ? meters.seq : 0}`);
    meters.thresholds = r.thresholds;
    meters.windowSeconds = r.windowSeconds;
    addSamples(r.samples);
    historyLoaded = true;
  }

  function thresholdsFor(chart) {
    const t = meters.thresholds[chart.threshold] || [];
    return t.map((value, i) => ({ value, level: i === 0 ? "warn" : "crit",
      label: `${i === 0 ? "warn" : "page"} ${chart.thresholdName ? chart.thresholdName + " " : ""}> ${chart.format(value)}` }));
  }

  async function overview(_parts, _query, alive) {
    const checks = h("div", { class: "checks", id: "checks" });
    const tiles = h("div", { class: "grid tiles", id: "tiles" });
    const charts = h("div", { class: "grid cols-3", id: "charts" });
    const chartEls = {};
    for (const c of CHARTS) {
      const body = h("div", { class: "plot" });
      const now = h("span", { class: "now", "data-testid": `now-${c.id}` }, "–");
      const legend = h("div", { class: "legend" }, c.series.map(([name], i) => h("span", {}, h("i", { class: `c${i}` }), name)),
        c.threshold ? h("span", {}, "dashed: runbook alert threshold") : null);
      chartEls[c.id] = { body, now };
      charts.appendChild(h("section", { class: "chart", id: `chart-${c.id}`, "aria-label": c.title },
        h("div", { class: "chart-head" }, h("h3", {}, c.title), now), body, legend));
    }
    const updated = h("span", { class: "muted", id: "updated" }, "");
    main().replaceChildren(h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Overview"),
      h("p", { class: "sub" }, "This node, the last 15 minutes, sampled every 2 s.")), updated),
      h("div", { class: "stack" }, checks, tiles, charts));

    const tile = (id, label, value, level) => h("div", { class: `tile ${level || ""}`, "data-testid": `tile-${id}` },
      h("div", { class: "label" }, label), h("div", { class: "value" }, value));
    const level = (v, key) => {
      const t = meters.thresholds[key] || [];
      return v != null && t[1] != null && v > t[1] ? "crit" : v != null && t[0] != null && v > t[0] ? "warn" : "";
    };

    async function refresh() {
      // While the stream is live it brings the samples; the history is read once, and when polling.
      const [health] = await Promise.all([fetch("/health", { cache: "no-store" }).then(r => r.json()),
        stream.connected && historyLoaded ? null : loadHistory()]);
      if (!alive()) return;
      checks.replaceChildren(h("span", { class: "check", "data-testid": "health" }, h("span", { class: `dot ${health.status}` }),
        h("strong", {}, `Node ${health.status}`), h("span", { class: "muted" }, `up ${age(health.uptime)} · ${health.version}`)),
        ...Object.entries(health.checks).map(([name, c]) => h("span", { class: "check", "data-testid": `check-${name}` },
          h("span", { class: `dot ${c.status}` }), h("strong", {}, name), h("span", { class: "muted" },
            name === "store" ? `${c.status} · ${num(c.latencyMs)} ms` : name === "partitions" ? `${c.held} / ${c.total} held`
              : name === "breakers" ? (c.open.length ? `open: ${c.open.join(", ")}` : "all closed") : c.phase || c.status))));
      const last = meters.samples[meters.samples.length - 1];
      if (last) {
        const m = last.messagesPerSecond;
        tiles.replaceChildren(
          tile("accepted", "Accepted / s", num(m.accepted)), tile("committed", "Committed / s", num(m.committed)),
          tile("dead_lettered", "Dead-lettered / s", num(m.dead_lettered), m.dead_lettered > 0 ? "warn" : ""),
          tile("p95", "Turn p95", secs(last.turnSeconds.p95), level(last.turnSeconds.p95, "turnP95Seconds")),
          tile("depth", "Queue depth", num(last.queueDepth), level(last.queueDepth, "queueDepth")),
          tile("age", "Oldest waiting", age(last.queueOldestAgeSeconds), level(last.queueOldestAgeSeconds, "queueOldestAgeSeconds")),
          tile("dlq", "Dead letters", num(last.deadLetters), level(last.deadLetters, "deadLetters")),
          tile("breakers", "Open breakers", num(last.openBreakers), last.openBreakers > 0 ? "crit" : ""));
      }
      const times = meters.samples.map(s => Date.parse(s.at));
      for (const c of CHARTS) {
        const series = c.series.map(([name, f], i) => ({ name, cls: `c${i}`, values: meters.samples.map(s => {
          const v = f(s);
          return v === undefined ? null : v;
        }) }));
        window.LoomCharts.render(chartEls[c.id].body, { times, now: Date.now(), windowMs: meters.windowSeconds * 1000,
          series, thresholds: thresholdsFor(c), format: c.format, label: c.title });
        const v = last ? c.series[c.id === "latency" ? 1 : 0][1](last) : null;
        chartEls[c.id].now.textContent = v == null ? "–" : c.format(v);
      }
      updated.textContent = `updated ${new Date().toLocaleTimeString("en-GB", { hour12: false })}`
        + (stream.connected ? " · live" : " · polling");
      if (last) updated.dataset.seq = last.seq;
    }
    await refresh();
    setRefresh(() => refresh().catch(e => toast(e.message, "error")), "*");
  }

  // ---------- actors ----------
  let actorTypes = null;
  async function types() {
    if (!actorTypes) actorTypes = (await api("/api/actor-types")).actorTypes;
    return actorTypes;
  }

  async function actors(parts, query, alive) {
    if (parts.length >= 2) return actorPage(parts[0], parts.slice(1).join("/"), query, alive);
    const all = await types();
    const type = parts[0] || query.get("type") || "";
    const prefix = query.get("prefix") || "";
    const typeSel = h("select", { id: "search-type", "aria-label": "Actor type" },
      all.map(t => h("option", { value: t.name, selected: t.name === type }, t.name)));
    const prefixIn = h("input", { id: "search-prefix", type: "search", value: prefix, placeholder: "id prefix, e.g. c1",
      "aria-label": "Id prefix" });
    const results = h("div", { id: "search-results" });
    const search = h("form", { class: "row", id: "search", onsubmit: ev => {
      ev.preventDefault();
      go(`#/actors/${enc(typeSel.value)}?prefix=${enc(prefixIn.value.trim())}`);
    } }, typeSel, prefixIn, h("button", { type: "submit" }, "Search"));
    main().replaceChildren(h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Actors"),
      h("p", { class: "sub" }, "Registered types, their messages and policies; find an actor by type and id prefix."))),
      h("div", { class: "stack" },
        h("div", { class: "types" }, all.map(t => h("div", { class: "panel", "data-testid": `type-${t.name}` },
          h("a", { href: `#/actors/${enc(t.name)}` }, t.name),
          h("div", { class: "muted" }, `retry ×${t.retry.maxAttempts} · snapshot every ${t.snapshotEvery || "–"}`
            + (t.retainJournal ? " · journal kept" : "")),
          h("div", { class: "chips" }, t.messageTypes.map(m => h("span", { class: "tag" }, m)))))),
        h("div", { class: "panel stack" }, h("h2", {}, "Find an actor"), search, results)));
    if (!type) { results.replaceChildren(h("p", { class: "muted" }, "Choose a type to list its actors.")); return; }
    // The server matches the prefix (GET /api/actors/{type}?prefix=) and pages with a cursor kept in the URL.
    const after = query.get("after") || "";
    const r = await api(`/api/actors/${enc(type)}?limit=${PAGE}&prefix=${enc(prefix)}${after ? `&after=${enc(after)}` : ""}`);
    if (!alive()) return;
    const ids = r.ids;
    const pageLink = (label, cursor, id) => h("a", { id, href: `#/actors/${enc(type)}?prefix=${enc(prefix)}`
      + (cursor ? `&after=${enc(cursor)}` : "") }, label);
    results.replaceChildren(ids.length ? h("div", { class: "stack" }, h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { id: "search-count" }, `${ids.length}${r.next ? "+" : ""} ${type} actor${ids.length === 1 ? "" : "s"}`
        + (prefix ? ` starting with "${prefix}"` : "") + (after ? ` after ${after}` : "")))),
      h("tbody", {}, ids.map(id => h("tr", {}, h("td", {},
        h("a", { href: `#/actors/${enc(type)}/${enc(id)}`, class: "mono", "data-actor": `${type}/${id}` }, id))))))),
      h("div", { class: "row" }, after ? pageLink("First page", "", "search-first") : null,
        r.next ? pageLink("Next page", r.next, "search-next") : null))
      : h("p", { class: "empty" }, `No ${type} actor has an id starting with "${prefix}"${after ? ` after ${after}` : ""}.`));
  }

  /** RFC 6902 operations as readable lines. */
  function patchView(patch) {
    if (!Array.isArray(patch) || !patch.length) return h("div", { class: "diff" }, h("div", { class: "chg" }, "no change"));
    return h("div", { class: "diff" }, patch.map(op => {
      const cls = op.op === "add" ? "add" : op.op === "remove" ? "del" : "chg";
      const sign = op.op === "add" ? "+" : op.op === "remove" ? "−" : "~";
      const value = "value" in op ? ` = ${JSON.stringify(op.value)}` : op.from ? ` from ${op.from}` : "";
      return h("div", { class: cls }, `${sign} ${op.op} ${op.path || "/"}${value}`);
    }));
  }

  /** The differences between two JSON values, as (path, before, after) lines. */
  function diffStates(before, after, path = "", out = []) {
    const isObj = v => v !== null && typeof v === "object";
    if (isObj(before) && isObj(after) && Array.isArray(before) === Array.isArray(after)) {
      const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
      for (const k of keys) diffStates(before[k], after[k], `${path}/${k}`, out);
    } else if (JSON.stringify(before) !== JSON.stringify(after)) {
      out.push({ path: path || "/", before, after });
    }
    return out;
  }

  function diffView(changes) {
    if (!changes.length) return h("div", { class: "diff" }, h("div", { class: "chg" }, "no change"));
    return h("div", { class: "diff", "data-testid": "travel-diff" }, changes.map(c =>
      c.before === undefined ? h("div", { class: "add" }, `+ ${c.path} = ${JSON.stringify(c.after)}`)
        : c.after === undefined ? h("div", { class: "del" }, `− ${c.path} (was ${JSON.stringify(c.before)})`)
          : h("div", { class: "chg" }, `~ ${c.path}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`)));
  }

  async function actorPage(type, id, query, alive) {
    const base = `/api/actors/${enc(type)}/${enc(id)}`;
    const current = await api(`${base}/state`);
    const latest = current.seq;
    // Time travel replays the latest 1000 entries (the API's replay limit) from the seq before them.
    const from = Math.max(1, latest - 999);
    let steps = [];
    let base0 = null;
    if (latest > 0) {
      try {
        const [replay, start] = await Promise.all([api(`${base}/replay?from=${from}&to=${latest}`),
          api(`${base}/state?at=${from - 1}`)]);
        steps = replay.steps;
        base0 = start.state;
      } catch (e) {
        // A journal trimmed up to a snapshot cannot be replayed from before it; the page says so below.
        if (e.status !== 409) throw e;
      }
    }
    if (!alive()) return;
    const stateOf = seq => seq === from - 1 ? base0 : (steps.find(s => s.entry.seq === seq) || {}).state;
    const wanted = Number(query.get("seq") || latest);
    const selected = Math.min(latest, Math.max(steps.length ? from - 1 : latest, Number.isFinite(wanted) ? wanted : latest));

    const stateBox = h("pre", { id: "state", "data-testid": "state" }, json(current.state));
    const travelState = h("pre", { id: "travel-state", "data-testid": "travel-state" });
    const travelDiff = h("div", { id: "travel-diff-box" });
    const out = h("output", { id: "travel-seq", for: "travel" });
    const slider = h("input", { type: "range", id: "travel", min: from - 1, max: latest, value: selected, step: 1,
      "aria-label": "Journal seq", disabled: !steps.length });
    const timeline = h("ol", { class: "timeline", id: "timeline" });
    const showSeq = seq => {
      out.textContent = `seq ${seq}`;
      const st = stateOf(seq);
      travelState.textContent = json(st);
      const prev = seq > from - 1 ? stateOf(seq - 1) : undefined;
      travelDiff.replaceChildren(h("h3", {}, seq > from - 1 ? `Change from seq ${seq - 1}` : "Initial state"),
        seq > from - 1 ? diffView(diffStates(prev, st)) : h("p", { class: "muted" }, "Before the first replayed entry."));
      timeline.querySelectorAll("li").forEach(li => li.classList.toggle("selected", Number(li.dataset.seq) === seq));
    };
    slider.addEventListener("input", () => {
      const seq = Number(slider.value);
      showSeq(seq);
      history.replaceState(null, "", `#/actors/${enc(type)}/${enc(id)}?seq=${seq}`);
    });
    for (const s of steps.slice().reverse()) {
      const e = s.entry;
      timeline.appendChild(h("li", { "data-seq": e.seq }, h("div", { class: "seq" },
        h("a", { href: `#/actors/${enc(type)}/${enc(id)}?seq=${e.seq}` }, `#${e.seq}`)),
        h("div", {}, h("div", { class: "row" }, h("strong", {}, e.messageType), h("span", { class: "muted" }, time(e.committedAt))),
          h("div", { class: "meta" }, h("span", {}, "key ", h("span", { class: "tag" }, e.idempotencyKey || "–")),
            e.traceparent ? h("span", {}, "trace ", h("span", { class: "tag" }, e.traceparent.split("-")[1])) : null,
            h("span", { class: "hide-narrow" }, "msg ", h("span", { class: "tag" }, e.messageId))),
          patchView(e.patch))));
    }

    const panels = [
      h("section", { class: "panel stack" }, h("h2", {}, `Current state · seq ${latest}`), stateBox),
      h("section", { class: "panel stack", id: "time-travel" }, h("div", { class: "travel-head" }, h("h2", {}, "Time travel"), out),
        steps.length ? slider : h("p", { class: "muted" }, latest === 0 ? "No journal entries yet."
          : "The journal before the latest snapshot was trimmed, so earlier states cannot be folded."),
        h("div", { class: "grid cols-2" }, h("div", {}, h("h3", {}, "State at this seq"), travelState), travelDiff)),
    ];
    if (can("writer")) {
      const described = await api(`/api/actor-types/${enc(type)}/message-types`);
      if (!alive()) return;
      panels.push(sendForm(type, id, described.messageTypes, () => render()));
    }
    if (can("admin")) {
      const timers = await api(`/api/admin/actors/${enc(type)}/${enc(id)}/timers`);
      if (!alive()) return;
      panels.push(timersPanel(timers.timers), adminActorPanel(type, id, latest));
    }
    panels.push(h("section", { class: "panel stack" }, h("h2", {}, "Journal"),
      steps.length ? timeline : h("p", { class: "muted" }, "Nothing to show.")));
    main().replaceChildren(h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "sub" }, h("a", { href: `#/actors/${enc(type)}` }, type), " /"), h("h1", { class: "mono" }, id))),
      h("div", { class: "grid cols-2" }, panels));
    if (steps.length || latest === 0) showSeq(selected);
  }

  function timersPanel(timers) {
    const rows = timers.map(t => {
      const left = (Date.parse(t.deliverAt) - Date.now()) / 1000;
      return h("tr", { "data-timer": t.timerId }, h("td", { class: "num" }, t.timerId),
        h("td", {}, time(t.deliverAt), h("div", { class: "muted" }, left >= 0 ? `in ${age(left)}` : `due ${age(-left)} ago`)),
        h("td", {}, h("strong", {}, t.message.messageType), h("div", { class: "mono muted" }, JSON.stringify(t.message.payload))),
        h("td", {}, t.reminder ? h("span", {}, h("span", { class: "tag" }, t.reminder.name), ` every ${t.reminder.interval}`,
          h("div", { class: "muted" }, t.reminder.missed === "SKIP" ? "missed fires skipped" : "missed fires: once"))
          : h("span", { class: "muted" }, "once")),
        h("td", { class: "hide-narrow" }, h("span", { class: "tag" }, t.message.idempotencyKey || "–")));
    });
    return h("section", { class: "panel stack", id: "timers" }, h("h2", {}, `Pending timers and reminders · ${timers.length}`),
      table("timers-table", ["#Timer", "Fires at", "Message", "Repeats", "Key"], rows, "No pending timers or reminders."));
  }

  /**
   * One input per field of the chosen message type (from GET /api/actor-types/{type}/message-types), validated here
   * before it is sent (the server validates again), with a raw JSON payload as the fallback for message types
   * whose fields are not described and for values the inputs cannot express.
   */
  function sendForm(type, id, messageTypes, after) {
    const typeSel = h("select", { id: "send-type", "aria-label": "Message type" },
      messageTypes.map(m => h("option", { value: m.name }, m.name)));
    const rawToggle = h("input", { type: "checkbox", id: "send-raw" });
    const fieldsBox = h("div", { class: "form-grid", id: "send-fields" });
    const payload = h("textarea", { id: "send-payload", "aria-label": "Payload (JSON)", spellcheck: "false" }, "{}");
    const rawBox = h("label", { id: "send-raw-box" }, "Payload (JSON)", payload);
    const key = h("input", { id: "send-key", value: crypto.randomUUID(), "aria-label": "Idempotency key" });
    const result = h("pre", { id: "send-result", hidden: true });
    let inputs = [];

    const current = () => messageTypes.find(m => m.name === typeSel.value);
    const inputFor = f => {
      const attrs = { id: `field-${f.name}`, name: f.name, "data-type": f.type, required: f.required,
        "aria-describedby": `field-${f.name}-error` };
      if (f.enum) return h("select", attrs, f.required ? null : h("option", { value: "" }, "—"), f.enum.map(v => h("option", { value: v }, v)));
      if (f.type === "boolean") return f.required ? h("input", { ...attrs, type: "checkbox", required: false })
        : h("select", attrs, h("option", { value: "" }, "—"), h("option", { value: "true" }, "true"), h("option", { value: "false" }, "false"));
      if (f.type === "integer") return h("input", { ...attrs, type: "text", inputmode: "numeric", placeholder: "integer" });
      if (f.type === "number") return h("input", { ...attrs, type: "text", inputmode: "decimal", placeholder: "number" });
      if (f.type === "array" || f.type === "object") return h("textarea", { ...attrs, spellcheck: "false", placeholder: f.type === "array" ? "[ ]" : "{ }" });
      return h("input", { ...attrs, type: "text" });
    };
    const drawFields = () => {
      const m = current();
      const raw = rawToggle.checked || !m || !m.described;
      rawToggle.disabled = !m || !m.described;
      rawBox.hidden = !raw;
      fieldsBox.hidden = raw;
      inputs = raw ? [] : m.fields.map(f => ({ f, el: inputFor(f), error: h("span", { class: "error-text field-error", id: `field-${f.name}-error` }) }));
      fieldsBox.replaceChildren(...inputs.map(({ f, el, error }) => h("label", {}, `${f.name}${f.required ? " *" : ""}`,
        h("span", { class: "muted" }, ` ${f.type}`), el, error)));
      if (!raw && !inputs.length) fieldsBox.replaceChildren(h("p", { class: "muted" }, "This message has no fields."));
    };
    typeSel.addEventListener("change", drawFields);
    rawToggle.addEventListener("change", () => {
      // Switching to raw JSON starts from what the fields hold, so nothing typed is lost.
      if (rawToggle.checked) { const p = fromFields(true); if (p) payload.value = JSON.stringify(p, null, 2); }
      drawFields();
    });

    /** The payload the fields describe, or null after marking what is wrong (with `lenient`, nothing is marked). */
    function fromFields(lenient) {
      const out = {};
      let ok = true;
      for (const { f, el, error } of inputs) {
        error.textContent = "";
        el.removeAttribute("aria-invalid");
        const fail = msg => { if (!lenient) { error.textContent = msg; el.setAttribute("aria-invalid", "true"); } ok = false; };
        if (el.type === "checkbox") { out[f.name] = el.checked; continue; }
        const v = el.value.trim();
        if (v === "") { if (f.required) fail("required"); continue; }
        if (f.enum) out[f.name] = v;
        else if (f.type === "integer") {
          if (!/^-?\d+$/.test(v)) fail("must be a whole number");
          else if (!Number.isSafeInteger(Number(v))) fail("too large for this form; use raw JSON");
          else out[f.name] = Number(v);
        } else if (f.type === "number") {
          if (!Number.isFinite(Number(v))) fail("must be a number"); else out[f.name] = Number(v);
        } else if (f.type === "boolean") out[f.name] = v === "true";
        else if (f.type === "array" || f.type === "object") {
          try {
            const parsed = JSON.parse(v);
            if (f.type === "array" ? !Array.isArray(parsed) : (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))) {
              fail(`must be a JSON ${f.type}`);
            } else out[f.name] = parsed;
          } catch (e) { fail(`not JSON: ${e.message}`); }
        } else out[f.name] = el.value;
      }
      return ok || lenient ? out : null;
    }

    const submit = async mode => {
      let body;
      if (!rawBox.hidden) {
        try { body = { type: typeSel.value, payload: JSON.parse(payload.value || "{}") }; } catch (e) {
          toast(`The payload is not JSON: ${e.message}`, "error");
          return;
        }
      } else {
        const p = fromFields(false);
        if (!p) { toast("Some fields are not valid; see the marked fields.", "error"); return; }
        body = { type: typeSel.value, payload: p };
      }
      try {
        const path = `/api/actors/${enc(type)}/${enc(id)}/${mode === "ask" ? "ask?timeout=10s" : "messages"}`;
        const r = await api(path, { method: "POST", body, headers: key.value ? { "Idempotency-Key": key.value } : {} });
        result.hidden = false;
        result.textContent = json(r);
        toast(mode === "ask" ? "Answered" : r.deduplicated ? "Deduplicated: already accepted" : "Accepted", "ok");
        key.value = crypto.randomUUID();
        setTimeout(after, 600);
      } catch (e) {
        // The server's 400 names the field it refused; mark it too.
        const field = e.status === 400 && e.body && inputs.find(i => (e.body.message || "").includes(`["${i.f.name}"]`));
        if (field) { field.error.textContent = e.message; field.el.setAttribute("aria-invalid", "true"); }
        toast(e.message, "error");
      }
    };
    drawFields();
    return h("section", { class: "panel stack", id: "send" }, h("h2", {}, "Send a message"),
      h("div", { class: "form-grid" }, h("label", {}, "Message type", typeSel), h("label", {}, "Idempotency key", key)),
      h("label", { class: "inline" }, rawToggle, " Edit the payload as raw JSON"),
      fieldsBox, rawBox,
      h("div", { class: "row end" }, h("button", { type: "button", class: "ghost", id: "send-ask", onclick: () => submit("ask") }, "Ask"),
        h("button", { type: "button", id: "send-send", onclick: () => submit("send") }, "Send")), result);
  }

  function adminActorPanel(type, id, latest) {
    const upTo = h("input", { id: "trim-seq", type: "number", min: 0, value: latest, "aria-label": "Trim up to seq" });
    const path = `/api/admin/actors/${enc(type)}/${enc(id)}`;
    return h("section", { class: "panel stack", id: "actor-admin" }, h("h2", {}, "Snapshot and trim"),
      h("p", { class: "muted" }, "A snapshot stores the state now; trimming deletes journal entries up to a seq not beyond the latest snapshot."),
      h("div", { class: "row" }, h("button", { type: "button", id: "snapshot", onclick: async () => {
        try { toast(`Snapshot at seq ${(await api(`${path}/snapshot`, { method: "POST" })).seq}`, "ok"); } catch (e) { toast(e.message, "error"); }
      } }, "Snapshot now"), h("span", { class: "spacer" }), h("label", { class: "inline" }, "up to seq ", upTo),
        h("button", { type: "button", class: "danger", id: "trim", onclick: async () => {
          if (!await confirmAction("Trim the journal", `Delete ${type}/${id}'s journal entries up to seq ${upTo.value}?`, "Trim", true)) return;
          try {
            toast(`Trimmed to seq ${(await api(`${path}/trim`, { method: "POST", body: { upToSeq: Number(upTo.value) } })).trimmedTo}`, "ok");
            render();
          } catch (e) { toast(e.message, "error"); }
        } }, "Trim")));
  }

  // ---------- dead letters ----------
  const SINCE = { "": "any time", "15m": "last 15 min", "1h": "last hour", "24h": "last 24 h" };
  const SINCE_MS = { "15m": 900e3, "1h": 3600e3, "24h": 86400e3 };

  async function deadLetters(parts, query, alive) {
    if (parts.length) return deadLetter(parts.join("/"));
    const f = { queue: query.get("queue") || "", actorId: query.get("actorId") || "", errorType: query.get("errorType") || "",
      sender: query.get("sender") || "", since: query.get("since") || "", failedAfter: query.get("failedAfter") || "",
      failedBefore: query.get("failedBefore") || "" };
    // datetime-local inputs hold local time without a zone; the URL and the API hold ISO-8601 instants.
    const local = iso => {
      const d = new Date(iso);
      if (!iso || Number.isNaN(d.getTime())) return "";
      const p = n => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    };
    const all = await types();
    const form = h("form", { class: "form-grid", id: "dlq-filter", onsubmit: ev => {
      ev.preventDefault();
      const q = new URLSearchParams();
      for (const el of form.querySelectorAll("[name]")) {
        if (!el.value) continue;
        q.set(el.name, el.type === "datetime-local" ? new Date(el.value).toISOString() : el.value);
      }
      go(`#/dead-letters?${q}`);
    } },
      h("label", {}, "Actor type (queue)", h("select", { name: "queue", id: "f-queue" }, h("option", { value: "" }, "any"),
        all.map(t => h("option", { value: t.name, selected: t.name === f.queue }, t.name)))),
      h("label", {}, "Actor id", h("input", { name: "actorId", id: "f-actor", value: f.actorId })),
      h("label", {}, "Error class", h("input", { name: "errorType", id: "f-error", value: f.errorType, placeholder: "java.lang.IllegalStateException" })),
      h("label", {}, "Sender", h("input", { name: "sender", id: "f-sender", value: f.sender, placeholder: "type/id or loom.pipeline/<run>" })),
      h("label", {}, "Last failure", h("select", { name: "since", id: "f-since" },
        Object.entries(SINCE).map(([v, l]) => h("option", { value: v, selected: v === f.since }, l)))),
      h("label", {}, "Failed after", h("input", { name: "failedAfter", id: "f-after", type: "datetime-local", value: local(f.failedAfter) })),
      h("label", {}, "Failed before", h("input", { name: "failedBefore", id: "f-before", type: "datetime-local", value: local(f.failedBefore) })),
      h("div", { class: "row" }, h("button", { type: "submit" }, "Filter")));
    const tableBox = h("div", { id: "dlq-table" });
    const summary = h("span", { class: "muted", id: "dlq-summary" });
    const actions = h("div", { class: "row", id: "dlq-actions" });
    main().replaceChildren(h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Dead letters"),
      h("p", { class: "sub" }, "Messages that failed their last attempt. Redrive returns them to their queue with their attempts reset."))),
      h("div", { class: "stack" }, h("div", { class: "panel" }, form), h("div", { class: "row" }, summary, h("span", { class: "spacer" }), actions), tableBox));

    // The server filters (GET /api/admin/dead-letters); a relative window ("last hour") becomes failedAfter at each
    // load, and the later of it and an explicit failedAfter applies.
    let apiFilter = {};
    const selected = new Set();
    let shown = [], total = 0;

    async function load() {
      apiFilter = {};
      for (const k of ["queue", "actorId", "errorType", "sender", "failedAfter", "failedBefore"]) if (f[k]) apiFilter[k] = f[k];
      if (f.since && SINCE_MS[f.since]) {
        const since = new Date(Date.now() - SINCE_MS[f.since]).toISOString();
        if (!apiFilter.failedAfter || since > apiFilter.failedAfter) apiFilter.failedAfter = since;
      }
      const r = await api(`/api/admin/dead-letters?limit=500&${new URLSearchParams(apiFilter)}`);
      if (!alive()) return;
      shown = r.items;
      total = r.total;
      for (const id of [...selected]) if (!shown.some(d => d.id === id)) selected.delete(id);
      summary.textContent = `${total} dead letter${total === 1 ? "" : "s"} match${total === 1 ? "es" : ""}` + (selected.size ? ` · ${selected.size} selected` : "");
      const check = d => h("input", { type: "checkbox", "aria-label": `select ${d.id}`, checked: selected.has(d.id), onchange: ev => {
        if (ev.target.checked) selected.add(d.id); else selected.delete(d.id);
        drawActions();
        summary.textContent = `${total} match · ${selected.size} selected`;
      } });
      tableBox.replaceChildren(shown.length ? h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "Actor"), h("th", {}, "Message"), h("th", { class: "hide-narrow" }, "Error"),
          h("th", { class: "num" }, "Attempts"), h("th", { class: "hide-narrow" }, "Last failure"))),
        h("tbody", {}, shown.map(d => h("tr", { "data-dead-letter": d.id }, h("td", {}, check(d)),
          h("td", {}, h("a", { href: `#/dead-letters/${enc(d.id)}`, class: "mono" }, `${d.actorType}/${d.actorId}`)),
          h("td", {}, d.message.messageType), h("td", { class: "hide-narrow mono" }, (d.error.type || "–").split(".").pop(),
            d.error.message ? h("div", { class: "muted" }, d.error.message.slice(0, 120)) : null),
          h("td", { class: "num" }, d.attempts), h("td", { class: "hide-narrow" }, time(d.lastFailedAt)))))))
        : h("p", { class: "empty panel", id: "dlq-empty" }, "No dead letters match."));
      drawActions();
    }

    function drawActions() {
      actions.replaceChildren();
      const bulk = (verb, label, danger) => {
        const matching = async () => {
          const n = selected.size ? selected.size : total;
          if (!n) return;
          const what = selected.size ? `the ${n} selected dead letter${n === 1 ? "" : "s"}` : `all ${n} matching dead letter${n === 1 ? "" : "s"}`;
          if (!await confirmAction(`${label}`, `${label} ${what}?` + (verb === "purge" ? " They are deleted for good." : ""), `${label} ${n}`, verb === "purge")) return;
          const body = selected.size ? { ids: [...selected] }
            : Object.keys(apiFilter).length ? { filter: apiFilter } : { all: true };
          try {
            const r = await api(`/api/admin/dead-letters/${verb}`, { method: "POST", body });
            toast(`${verb === "redrive" ? "Redriven" : "Purged"}: ${r.redriven ?? r.purged}`, "ok");
            selected.clear();
            await load();
          } catch (e) { toast(e.message, "error"); }
        };
        return h("button", { type: "button", class: danger ? "danger" : "", id: `dlq-${verb}`, disabled: !total, onclick: matching },
          selected.size ? `${label} selected (${selected.size})` : `${label} all matching (${total})`);
      };
      actions.append(bulk("redrive", "Redrive"), bulk("purge", "Purge", true));
    }
    await load();
    setRefresh(() => load().catch(e => toast(e.message, "error")), "deadLetters");
  }

  async function deadLetter(id) {
    const d = await api(`/api/admin/dead-letters/${enc(id)}`);
    const act = verb => async () => {
      if (!await confirmAction(verb === "redrive" ? "Redrive" : "Purge", `${verb === "redrive" ? "Redrive" : "Purge"} 1 dead letter (${d.message.messageType} to ${d.actorType}/${d.actorId})?`,
        verb === "redrive" ? "Redrive 1" : "Purge 1", verb === "purge")) return;
      try {
        if (verb === "redrive") await api("/api/admin/dead-letters/redrive", { method: "POST", body: { ids: [d.id] } });
        else await api(`/api/admin/dead-letters/${enc(d.id)}`, { method: "DELETE" });
        toast(verb === "redrive" ? "Redriven" : "Purged", "ok");
        go("#/dead-letters");
      } catch (e) { toast(e.message, "error"); }
    };
    main().replaceChildren(h("div", { class: "page-head" }, h("div", {}, h("p", { class: "sub" }, h("a", { href: "#/dead-letters" }, "Dead letters"), " /"),
      h("h1", { class: "mono" }, d.id)), h("div", { class: "row" }, h("button", { type: "button", id: "dl-redrive", onclick: act("redrive") }, "Redrive"),
      h("button", { type: "button", class: "danger", id: "dl-purge", onclick: act("purge") }, "Purge"))),
      h("div", { class: "grid cols-2" },
        h("section", { class: "panel stack" }, h("h2", {}, "Failure"), h("dl", { class: "kv" },
          h("dt", {}, "Actor"), h("dd", {}, h("a", { href: `#/actors/${enc(d.actorType)}/${enc(d.actorId)}`, class: "mono" }, `${d.actorType}/${d.actorId}`)),
          h("dt", {}, "Queue"), h("dd", {}, d.originalQueue), h("dt", {}, "Error"), h("dd", { class: "mono" }, d.error.type || "–"),
          h("dt", {}, "Message"), h("dd", {}, d.error.message || "–"), h("dt", {}, "Attempts"), h("dd", {}, d.attempts),
          h("dt", {}, "First failure"), h("dd", {}, time(d.firstFailedAt)), h("dt", {}, "Last failure"), h("dd", {}, time(d.lastFailedAt))),
          h("h3", {}, "Stack"), h("pre", { id: "dl-stack" }, d.error.stack || "none recorded")),
        h("section", { class: "panel stack" }, h("h2", {}, "Envelope"), h("pre", { id: "dl-envelope" }, json(d.message)))));
  }

  // ---------- pipelines ----------
  // A run is read from GET /api/pipeline-runs/{id} and its timeline; each refresh redraws only when they changed, so
  // what an approver is typing survives the refresh.
  const RUN_STATUSES = ["RUNNING", "WAITING_APPROVAL", "PAUSED", "COMPENSATING", "SUCCEEDED", "COMPENSATED", "FAILED", "CANCELLED"];
  const STATUS_LEVEL = { SUCCEEDED: "ok", WAITING_APPROVAL: "warn", PAUSED: "warn", COMPENSATING: "warn", RUNNING: "info",
    FAILED: "crit", COMPENSATED: "crit", CANCELLED: "crit", COMPENSATION_FAILED: "crit", SKIPPED: "", PENDING: "" };
  const statusBadge = (s, testid) => h("span", { class: `badge ${STATUS_LEVEL[s] || ""}`, "data-testid": testid }, s.toLowerCase().replace(/_/g, " "));
  const errorText = e => e ? `${e.type}${e.message ? `: ${e.message}` : ""}` : "";
  const took = (from, to) => from ? secs(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000) : "–";
  let approver = "";

  async function pipelines(parts, query, alive) {
    if (parts.length) return pipelineRun(parts.join("/"), alive);
    const f = { definition: query.get("definition") || "", status: query.get("status") || "", after: query.get("after") || "" };
    const link = q => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ definition: f.definition, status: f.status, ...q })) if (v) p.set(k, v);
      return `#/pipelines${p.size ? `?${p}` : ""}`;
    };
    const defs = (await api("/api/pipelines")).pipelines;
    if (!alive()) return;
    const defSel = h("select", { name: "definition", id: "p-definition" }, h("option", { value: "" }, "any"),
      defs.map(d => h("option", { value: d.name, selected: d.name === f.definition }, d.name)));
    const statusSel = h("select", { name: "status", id: "p-status" }, h("option", { value: "" }, "any"),
      RUN_STATUSES.map(s => h("option", { value: s, selected: s === f.status }, s.toLowerCase().replace(/_/g, " "))));
    const form = h("form", { class: "form-grid", id: "p-filter", onsubmit: ev => {
      ev.preventDefault();
      go(link({ definition: defSel.value, status: statusSel.value, after: "" }));
    } }, h("label", {}, "Pipeline", defSel), h("label", {}, "Status", statusSel), h("div", { class: "row" }, h("button", { type: "submit" }, "Filter")));
    const waiting = h("a", { class: "badge warn", id: "p-waiting", href: link({ definition: "", status: "WAITING_APPROVAL", after: "" }) }, "…");
    const defsBox = h("div", { class: "types", id: "p-definitions" });
    const runsBox = h("div", { id: "p-runs" });
    main().replaceChildren(h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Pipelines"),
      h("p", { class: "sub" }, "Registered pipelines and their runs. A run waiting for approval needs a writer's decision.")), waiting),
      h("div", { class: "stack" }, defsBox, h("div", { class: "panel" }, form), runsBox));

    let seen = "";
    async function load() {
      const q = new URLSearchParams({ limit: String(PAGE) });
      for (const k of ["definition", "status", "after"]) if (f[k]) q.set(k, f[k]);
      const [page, wait] = await Promise.all([api(`/api/pipeline-runs?${q}`),
        api(`/api/pipeline-runs?status=WAITING_APPROVAL&limit=${PAGE}`)]);
      if (!alive()) return;
      const n = wait.runs.length;
      waiting.textContent = `${n}${wait.next ? "+" : ""} waiting for approval`;
      const perDef = new Map();
      for (const r of wait.runs) perDef.set(r.pipeline, (perDef.get(r.pipeline) || 0) + 1);
      const signature = JSON.stringify([page, [...perDef]]);
      if (signature === seen) return;
      seen = signature;
      defsBox.replaceChildren(...defs.map(d => h("div", { class: "panel", "data-pipeline": d.name },
        h("div", { class: "row" }, h("a", { href: `#/pipelines?definition=${enc(d.name)}` }, d.name), h("span", { class: "muted" }, `v${d.version}`),
          perDef.get(d.name) ? h("a", { class: "badge warn", href: `#/pipelines?definition=${enc(d.name)}&status=WAITING_APPROVAL` },
            `${perDef.get(d.name)} waiting`) : null),
        h("div", { class: "chips" }, d.stages.map(s => h("span", { class: "tag", title: s.kind }, s.name))))));
      if (!defs.length) defsBox.replaceChildren(h("p", { class: "empty panel" }, "No pipeline is registered."));
      runsBox.replaceChildren(h("div", { class: "stack" }, table("p-runs-table", ["Run", "Pipeline", "Status", "Waiting", "Started", "#Took"],
        page.runs.map(r => h("tr", { "data-run": r.runId }, h("td", {}, h("a", { href: `#/pipelines/${enc(r.runId)}`, class: "mono" }, r.runId)),
          h("td", {}, `${r.pipeline} v${r.version}`), h("td", {}, statusBadge(r.status, `run-status-${r.runId}`)),
          h("td", {}, r.waitingApprovals.map(s => h("span", { class: "tag" }, s))), h("td", {}, time(r.startedAt)),
          h("td", { class: "num" }, took(r.startedAt, r.endedAt)))), "No run matches."),
        h("div", { class: "row" }, f.after ? h("a", { id: "p-first", href: link({ after: "" }) }, "First page") : null,
          page.next ? h("a", { id: "p-next", href: link({ after: page.next }) }, "Next page") : null)));
    }
    await load();
    setRefresh(() => load().catch(e => toast(e.message, "error")), "*");
  }

  /** The stages in columns by depth: a stage's column is one past its deepest dependency's. */
  function stageColumns(stages) {
    const depth = new Map();
    const of = s => {
      if (!depth.has(s.name)) {
        depth.set(s.name, 0);
        depth.set(s.name, Math.max(0, ...s.dependsOn.map(d => { const p = stages.find(x => x.name === d); return p ? of(p) + 1 : 0; })));
      }
      return depth.get(s.name);
    };
    const cols = [];
    for (const s of stages) (cols[of(s)] ||= []).push(s);
    return cols;
  }

  async function pipelineRun(id, alive) {
    const base = `/api/pipeline-runs/${enc(id)}`;
    const head = h("div", { class: "page-head" });
    const summary = h("section", { class: "panel stack", id: "run-summary" });
    const dag = h("section", { class: "panel stack", id: "run-dag" });
    const tasks = h("section", { class: "panel stack", id: "run-tasks" });
    const events = h("section", { class: "panel stack", id: "run-timeline" });
    const letters = can("admin") ? h("section", { class: "panel stack", id: "run-dead-letters" }) : null;
    main().replaceChildren(head, h("div", { class: "stack" }, h("div", { class: "grid cols-2" }, summary, letters), dag, tasks, events));

    const operate = async (path, body, done) => {
      try {
        const r = await api(`${base}/${path}`, { method: "POST", body });
        toast(`${done}: the run is ${r.status.toLowerCase().replace(/_/g, " ")}`, "ok");
        await load(true);
      } catch (e) { toast(e.message, "error"); }
    };
    const confirmed = (label, text, path, body, danger) => async () => {
      if (await confirmAction(label, text, label, danger)) await operate(path, body, label);
    };

    const comments = {};      // a stage's comment being typed, kept across redraws
    function approval(run, s) {
      if (!can("writer") || s.status !== "WAITING_APPROVAL") return null;
      const by = h("input", { id: `by-${s.name}`, value: approver, required: true, placeholder: "your name", "aria-label": "Decided by",
        oninput: () => { approver = by.value; } });
      const comment = h("input", { id: `comment-${s.name}`, value: comments[s.name] || "", placeholder: "optional", "aria-label": "Comment",
        oninput: () => { comments[s.name] = comment.value; } });
      const decide = verb => async () => {
        if (!by.value.trim()) { by.setAttribute("aria-invalid", "true"); toast("Say who decides.", "error"); return; }
        const what = `${verb === "approve" ? "Approve" : "Reject"} stage "${s.name}" of run ${run.runId}?`
          + (verb === "reject" ? " The stage fails and the run rolls back." : "");
        if (!await confirmAction(verb === "approve" ? "Approve" : "Reject", what, verb === "approve" ? "Approve" : "Reject", verb === "reject")) return;
        await operate(`stages/${enc(s.name)}/${verb}`, { by: by.value.trim(), comment: comment.value || null }, verb === "approve" ? "Approved" : "Rejected");
      };
      return h("div", { class: "stack approval", id: `approval-${s.name}` }, h("div", { class: "form-grid" },
        h("label", {}, "Decided by", by), h("label", {}, "Comment", comment)),
        h("div", { class: "row" }, h("button", { type: "button", id: `approve-${s.name}`, onclick: decide("approve") }, "Approve"),
          h("button", { type: "button", class: "danger", id: `reject-${s.name}`, onclick: decide("reject") }, "Reject")));
    }

    function adminActions(run) {
      if (!can("admin")) return null;
      const b = (label, id, onclick, danger) => h("button", { type: "button", class: danger ? "danger" : "ghost", id, onclick }, label);
      const s = run.status;
      const ended = ["SUCCEEDED", "COMPENSATED", "FAILED", "CANCELLED"].includes(s);
      return h("div", { class: "row", id: "run-actions" },
        !ended && s !== "PAUSED" ? b("Pause", "run-pause", confirmed("Pause", `Pause run ${run.runId}? Nothing new is dispatched until it is resumed.`, "pause")) : null,
        s === "PAUSED" ? b("Resume", "run-resume", confirmed("Resume", `Resume run ${run.runId}?`, "resume")) : null,
        s === "FAILED" || s === "COMPENSATED" ? b("Redrive", "run-redrive", confirmed("Redrive", `Restart run ${run.runId} from its failed stage?`, "redrive")) : null,
        ended ? null : b("Cancel", "run-cancel", confirmed("Cancel", `Cancel run ${run.runId} without compensating its succeeded stages?`, "cancel", { compensate: false }, true), true),
        ended ? null : b("Cancel and compensate", "run-cancel-compensate", confirmed("Cancel and compensate",
          `Cancel run ${run.runId}, running the compensations of its succeeded stages in reverse order first?`, "cancel", { compensate: true }, true), true));
    }

    let seen = "";
    async function load(force) {
      const [run, timeline, dls] = await Promise.all([api(base), api(`${base}/timeline`),
        can("admin") ? api(`${base}/dead-letters`) : null]);
      if (!alive()) return;
      const signature = JSON.stringify([run, timeline.events.length, timeline.droppedEvents, dls && dls.items.map(d => d.id)]);
      if (signature === seen && !force) return;
      seen = signature;
      head.replaceChildren(h("div", {}, h("p", { class: "sub" }, h("a", { href: "#/pipelines" }, "Pipelines"), " / ",
        h("a", { href: `#/pipelines?definition=${enc(run.pipeline)}` }, run.pipeline), " /"),
        h("h1", { class: "mono" }, run.runId)), statusBadge(run.status, "run-status"));
      summary.replaceChildren(h("h2", {}, "Run"), h("dl", { class: "kv" },
        h("dt", {}, "Pipeline"), h("dd", {}, `${run.pipeline} v${run.version}`),
        h("dt", {}, "Status"), h("dd", {}, statusBadge(run.status)),
        h("dt", {}, "Started"), h("dd", {}, time(run.startedAt)), h("dt", {}, "Ended"), h("dd", {}, time(run.endedAt)),
        h("dt", {}, "Took"), h("dd", {}, took(run.startedAt, run.endedAt)),
        h("dt", {}, "Waiting for"), h("dd", { id: "run-waiting" }, run.waitingApprovals.length ? run.waitingApprovals.join(", ") : "–"),
        h("dt", {}, "Error"), h("dd", { class: "mono", id: "run-error" }, errorText(run.error) || "–"),
        h("dt", {}, "Actor"), h("dd", {}, h("a", { href: `#/actors/loom.pipeline/${enc(run.runId)}`, class: "mono" }, `loom.pipeline/${run.runId}`))),
        h("h3", {}, "Input"), h("pre", {}, json(run.input)), adminActions(run));
      dag.replaceChildren(h("h2", {}, "Stages"), h("div", { class: "dag" }, stageColumns(run.stages).map(col => h("div", { class: "dag-col" },
        col.map(s => h("div", { class: `stage ${STATUS_LEVEL[s.status] || ""}`, "data-stage": s.name },
          h("div", { class: "row" }, h("strong", {}, s.name), h("span", { class: "spacer" }), statusBadge(s.status, `stage-status-${s.name}`)),
          h("div", { class: "muted" }, `${s.kind}${s.dependsOn.length ? ` · after ${s.dependsOn.join(", ")}` : ""}`),
          h("div", { class: "muted" }, `attempts ${s.attempts} · ${s.startedAt ? `took ${took(s.startedAt, s.endedAt)}` : "not started"}`),
          s.error ? h("div", { class: "error-text mono" }, errorText(s.error)) : null,
          approval(run, s)))))));
      const taskRows = run.stages.flatMap(s => s.tasks.map(t => h("tr", { "data-task": t.taskId }, h("td", {}, s.name),
        h("td", { class: "mono" }, h("a", { href: `#/actors/${t.target.split("/").map(enc).join("/")}` }, t.target)),
        h("td", { class: "num" }, t.attempt), h("td", {}, statusBadge(t.status.toUpperCase())), h("td", { class: "hide-narrow" }, time(t.sentAt)),
        h("td", { class: "num" }, took(t.sentAt, t.endedAt)),
        h("td", { class: "mono" }, t.error ? h("span", { class: "error-text" }, errorText(t.error)) : t.result == null ? "–" : JSON.stringify(t.result)))));
      tasks.replaceChildren(h("h2", {}, "Tasks"), table("run-tasks-table", ["Stage", "Target", "#Attempt", "Status", "Sent", "#Took", "Result or error"],
        taskRows, "No task was sent yet."));
      events.replaceChildren(h("h2", {}, `Timeline · ${timeline.events.length} events`),
        timeline.droppedEvents ? h("p", { class: "muted" }, `${timeline.droppedEvents} older events are no longer kept; the run actor's journal has every turn.`) : null,
        h("ol", { class: "timeline", id: "run-events" }, timeline.events.slice().reverse().map(e => h("li", { "data-kind": e.kind },
          h("div", { class: "seq" }, e.attempt ? `#${e.attempt}` : ""),
          h("div", {}, h("div", { class: "row" }, h("strong", {}, e.kind.toLowerCase().replace(/_/g, " ")), e.stage ? h("span", { class: "tag" }, e.stage) : null,
            h("span", { class: "muted" }, time(e.at))),
            e.taskId ? h("div", { class: "meta" }, h("span", {}, "task ", h("span", { class: "tag" }, e.taskId))) : null,
            e.detail != null ? h("div", { class: "mono muted" }, JSON.stringify(e.detail)) : null,
            e.error ? h("div", { class: "error-text mono" }, errorText(e.error)) : null)))));
      if (letters) {
        letters.replaceChildren(h("h2", {}, `Dead letters of its tasks · ${dls.items.length}`),
          table("run-dead-letters-table", ["Letter", "Message", "Error", "Last failure"], dls.items.map(d => h("tr", { "data-dead-letter": d.id },
            h("td", {}, h("a", { href: `#/dead-letters/${enc(d.id)}`, class: "mono" }, `${d.actorType}/${d.actorId}`)), h("td", {}, d.message.messageType),
            h("td", { class: "mono" }, (d.error.type || "–").split(".").pop()), h("td", {}, time(d.lastFailedAt)))), "None."),
          h("a", { href: `#/dead-letters?sender=${enc(`loom.pipeline/${run.runId}`)}` }, "In the dead-letter view"));
      }
    }
    await load(true);
    setRefresh(() => load().catch(e => toast(e.message, "error")), "*");
  }

  // ---------- admin views ----------
  function table(id, head, rows, empty) {
    return rows.length ? h("div", { class: "table-wrap" }, h("table", { id }, h("thead", {}, h("tr", {}, head.map(c =>
      h("th", { class: c.startsWith("#") ? "num" : "" }, c.replace(/^#/, ""))))), h("tbody", {}, rows)))
      : h("p", { class: "empty panel" }, empty);
  }

  function simpleView(title, sub, load) {
    return async (_p, _q, alive) => {
      const box = h("div", { class: "stack" });
      main().replaceChildren(h("div", { class: "page-head" }, h("div", {}, h("h1", {}, title), h("p", { class: "sub" }, sub))), box);
      const refresh = async () => { const nodes = await load(); if (alive()) box.replaceChildren(...[nodes].flat()); };
      await refresh();
      setRefresh(() => refresh().catch(e => toast(e.message, "error")));
    };
  }

  const queues = simpleView("Queues", "Per actor type: messages waiting (retries included), the oldest one's age, timers not yet due.", async () => {
    const r = await api("/api/admin/queues");
    return table("queues", ["Queue", "#Depth", "#Oldest waiting", "#Timers"], r.queues.map(q => h("tr", {},
      h("td", {}, h("a", { href: `#/dead-letters?queue=${enc(q.queue)}` }, q.queue)), h("td", { class: "num" }, num(q.depth)),
      h("td", { class: "num" }, age(q.oldestAgeSeconds)), h("td", { class: "num" }, num(q.timers)))), "No queues yet.");
  });

  const breakers = simpleView("Circuit breakers", "A breaker opens when calls to a dependency keep failing; resetting closes it and clears its window.", async () => {
    const r = await api(can("admin") ? "/api/admin/circuit-breakers" : "/metrics/circuit-breakers");
    return table("breakers", ["Breaker", "State", "#Failure rate", "#Buffered", "#Failed", "#Not permitted", ""], r.breakers.map(b => h("tr", { "data-breaker": b.name },
      h("td", { class: "mono" }, b.name), h("td", {}, h("span", { class: "row" }, h("span", { class: `dot ${b.state}` }), h("span", { "data-testid": `state-${b.name}` }, b.state))),
      h("td", { class: "num" }, b.failureRate < 0 ? "–" : `${b.failureRate.toFixed(1)} %`), h("td", { class: "num" }, b.bufferedCalls),
      h("td", { class: "num" }, b.failedCalls), h("td", { class: "num" }, b.notPermittedCalls),
      h("td", {}, can("admin") ? h("button", { type: "button", class: "small", id: `reset-${b.name}`, onclick: async () => {
        if (!await confirmAction("Reset breaker", `Close breaker "${b.name}" and clear its window?`, "Reset")) return;
        try { toast(`${b.name}: ${(await api(`/api/admin/circuit-breakers/${enc(b.name)}/reset`, { method: "POST" })).state}`, "ok"); render(); }
        catch (e) { toast(e.message, "error"); }
      } }, "Reset") : null))), "No breakers.");
  });

  const partitions = simpleView("Partitions", "Every partition's lease as the store has it: holder, fencing epoch, when the lease expires unless renewed, and its lag: messages queued and the oldest one's age. Lagging partitions come first.", async () => {
    const r = await api("/api/admin/partitions");
    const held = r.partitions.filter(p => p.heldHere).length;
    const pending = r.partitions.reduce((n, p) => n + p.pending, 0);
    const oldest = Math.max(0, ...r.partitions.map(p => p.oldestAgeSeconds));
    return [h("p", { class: "muted", id: "partitions-summary" }, `This node is ${r.node}; it holds ${held} of ${r.partitions.length}.`
        + ` ${num(pending)} message${pending === 1 ? "" : "s"} queued; the oldest waits ${age(oldest)}.`),
      // The lagging partitions first (by their oldest message's age), then the rest in partition order.
      table("partitions", ["#Partition", "Holder", "#Epoch", "#Expires in", "Here", "#Pending", "#Oldest waiting"], r.partitions.slice()
        .sort((a, b) => b.oldestAgeSeconds - a.oldestAgeSeconds || b.pending - a.pending || a.partition - b.partition).map(p => {
        const left = (Date.parse(p.expiresAt) - Date.now()) / 1000;
        const lag = p.oldestAgeSeconds > (meters.thresholds.queueOldestAgeSeconds || [300])[0] ? "badge warn" : "";
        return h("tr", { "data-partition": p.partition }, h("td", { class: "num" }, p.partition), h("td", { class: "mono" }, p.holder), h("td", { class: "num" }, p.epoch),
          h("td", { class: "num" }, left < 0 ? h("span", { class: "badge crit" }, `expired ${age(-left)} ago`) : age(left)),
          h("td", {}, p.heldHere ? h("span", { class: "badge ok" }, "held here") : ""),
          h("td", { class: "num", "data-testid": `pending-${p.partition}` }, num(p.pending)),
          h("td", { class: "num" }, p.pending ? h("span", { class: lag }, age(p.oldestAgeSeconds)) : "–"));
      }), "No partition is leased.")];
  });

  async function cache(_p, _q, alive) {
    const stats = h("div", { class: "grid tiles", id: "cache-stats" });
    const pattern = h("input", { id: "cache-pattern", placeholder: "counter/*", "aria-label": "Pattern" });
    const warm = h("textarea", { id: "cache-warm", placeholder: "counter/c1\ncounter/c2", "aria-label": "Actors to warm" });
    const post = async (path, body, done) => {
      try { toast(done(await api(path, { method: "POST", body })), "ok"); await refresh(); } catch (e) { toast(e.message, "error"); }
    };
    main().replaceChildren(h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Cache"),
      h("p", { class: "sub" }, "The active-actor pool. Clearing passivates idle matching actors (safe: they are durable); warming activates them."))),
      h("div", { class: "stack" }, stats, h("div", { class: "grid cols-2" },
        h("section", { class: "panel stack" }, h("h2", {}, "Clear by pattern"), h("label", {}, "Glob over type/id (* any, ? one)", pattern),
          h("div", { class: "row end" }, h("button", { type: "button", class: "danger", id: "cache-clear", onclick: async () => {
            if (!pattern.value || !await confirmAction("Clear cache", `Passivate idle actors matching ${pattern.value}?`, "Clear", true)) return;
            post("/api/admin/cache/clear", { pattern: pattern.value }, r => `Passivated ${r.cleared}`);
          } }, "Clear"))),
        h("section", { class: "panel stack" }, h("h2", {}, "Warm"), h("label", {}, "Actors, one type/id a line", warm),
          h("div", { class: "row end" }, h("button", { type: "button", id: "cache-warm-go", onclick: () =>
            post("/api/admin/cache/warm", { actors: warm.value.split(/\s+/).filter(Boolean) }, r => `Activated ${r.warmed}`) }, "Warm"))))));
    async function refresh() {
      const s = await api("/api/admin/cache/stats");
      if (!alive()) return;
      const t = (label, v) => h("div", { class: "tile" }, h("div", { class: "label" }, label), h("div", { class: "value" }, v));
      stats.replaceChildren(t("Active", `${num(s.size)} / ${num(s.capacity)}`), t("Hit rate", `${(s.hitRate * 100).toFixed(1)} %`),
        t("Hits", num(s.hits)), t("Misses", num(s.misses)), t("Activations", num(s.activations)), t("Evictions", num(s.evictions)));
    }
    await refresh();
    setRefresh(() => refresh().catch(e => toast(e.message, "error")));
  }

  async function slow(_p, query, alive) {
    const windowSel = h("select", { id: "slow-window", "aria-label": "Window", onchange: () => go(`#/slow?window=${windowSel.value}`) },
      ["", "PT5M", "PT1H", "PT24H"].map(w => h("option", { value: w, selected: w === (query.get("window") || "") }, w ? w.slice(2).toLowerCase() : "default window")));
    const box = h("div", {});
    const head = h("p", { class: "sub" });
    main().replaceChildren(h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Slow endpoints"), head), windowSel), box);
    async function refresh() {
      const r = await api(`/api/admin/performance/slow${windowSel.value ? `?window=${windowSel.value}` : ""}`);
      if (!alive()) return;
      head.textContent = `Routes over p95 ${r.thresholds.p95Ms} ms or p99 ${r.thresholds.p99Ms} ms within ${r.window}.`;
      box.replaceChildren(table("slow", ["Route", "#Requests", "#p50", "#p95", "#p99", "#Max"], r.endpoints.map(e => h("tr", {},
        h("td", { class: "mono" }, `${e.method} ${e.route}`), h("td", { class: "num" }, num(e.count)), h("td", { class: "num" }, `${num(e.p50Ms)} ms`),
        h("td", { class: "num" }, `${num(e.p95Ms)} ms`), h("td", { class: "num" }, `${num(e.p99Ms)} ms`), h("td", { class: "num" }, `${num(e.maxMs)} ms`))),
        "No endpoint is over the thresholds in this window."));
    }
    await refresh();
    setRefresh(() => refresh().catch(e => toast(e.message, "error")));
  }

  const RENDERERS = { overview, actors, "dead-letters": deadLetters, queues, breakers, partitions, cache, slow, pipelines };

  // ---------- theme and keys ----------
  function applyTheme(theme) {
    if (theme) document.documentElement.dataset.theme = theme; else delete document.documentElement.dataset.theme;
  }
  function toggleTheme() {
    const dark = document.documentElement.dataset.theme ? document.documentElement.dataset.theme === "dark"
      : matchMedia("(prefers-color-scheme: dark)").matches;
    const next = dark ? "light" : "dark";
    localStorage.setItem(THEME_KEY, next);
    applyTheme(next);
    if (parseHash().parts[0] === "overview") render();
  }

  document.addEventListener("keydown", ev => {
    const t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || !me || (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT"))) return;
    const view = VIEWS.find(v => v.key === ev.key && allowed(v));
    if (view) { ev.preventDefault(); go(`#/${view.id}`); }
    else if (ev.key === "t") toggleTheme();
    else if (ev.key === "/") { const s = $("search-prefix"); if (s) { ev.preventDefault(); s.focus(); } }
  });

  document.addEventListener("DOMContentLoaded", async () => {
    applyTheme(localStorage.getItem(THEME_KEY));
    $("theme-toggle").addEventListener("click", toggleTheme);
    $("logout").addEventListener("click", () => logout("Logged out."));
    $("nav-toggle").addEventListener("click", () => {
      const open = $("nav").classList.toggle("open");
      $("nav-toggle").setAttribute("aria-expanded", String(open));
    });
    window.addEventListener("hashchange", render);
    if (token) {
      try { me = await api("/api/token"); start(); return; } catch (e) { token = null; sessionStorage.removeItem(TOKEN_KEY); }
    }
    renderLogin();
  });
})();
