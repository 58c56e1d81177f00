// The explorer's page logic. Corpus text comes from the JSON block and is only ever written with
// textContent (never innerHTML), so a sentence holding markup shows as text.
(function () {
  "use strict";
  performance.mark("framing:start");
  const D = JSON.parse(document.getElementById("framing-data").textContent);
  performance.mark("framing:data");
  const S = D.sentences;
  const N = S.text.length;
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
  const CHUNK = 300;
  const STOP = new Set(D.terms.stop_words);
  // scikit-learn's CountVectorizer token: a run of two or more word characters (Python's \w).
  const TOKEN = /[\p{L}\p{N}_]{2,}/gu;
  const el = (id) => document.getElementById(id);
  function make(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  // Names from the corpus drawn by plotly (legend, axis): entities, so its markup parser sees text.
  const plain = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const sideColor = (code) => PALETTE[code % PALETTE.length];
  const pairCodes = D.pair.map((p) => S.sides.indexOf(p));

  // ---- filters -------------------------------------------------------------------------------
  const filter = { sides: new Set(S.sides.map((_, i) => i)), source: -1, from: "", to: "" };
  function passes(r) {
    if (!filter.sides.has(S.side[r])) return false;
    if (filter.source >= 0 && S.source[r] !== filter.source) return false;
    const d = S.date[r];
    if (filter.from && (!d || d < filter.from)) return false;
    if (filter.to && (!d || d > filter.to)) return false;
    return true;
  }
  function buildFilters() {
    const box = el("side-filter");
    S.sides.forEach((side, i) => {
      const label = make("label");
      const cb = make("input");
      cb.type = "checkbox"; cb.checked = true; cb.dataset.side = String(i); cb.className = "side-cb";
      cb.addEventListener("change", () => { cb.checked ? filter.sides.add(i) : filter.sides.delete(i); refresh(); });
      label.append(cb, document.createTextNode(" " + side + " "));
      box.append(label);
    });
    const sel = el("source-filter");
    S.sources.forEach((src, i) => { const o = make("option", src); o.value = String(i); sel.append(o); });
    sel.addEventListener("change", () => { filter.source = sel.value === "" ? -1 : Number(sel.value); refresh(); });
    el("date-from").addEventListener("change", (e) => { filter.from = e.target.value; refresh(); });
    el("date-to").addEventListener("change", (e) => { filter.to = e.target.value; refresh(); });
    el("reset-filters").addEventListener("click", () => {
      document.querySelectorAll(".side-cb").forEach((cb) => { cb.checked = true; });
      S.sides.forEach((_, i) => filter.sides.add(i));
      sel.value = ""; el("date-from").value = ""; el("date-to").value = "";
      Object.assign(filter, { source: -1, from: "", to: "" });
      refresh();
    });
  }
  function refresh() {
    let n = 0;
    for (let r = 0; r < N; r++) if (passes(r)) n++;
    el("filter-status").textContent = n + " of " + N + " sentences in the filter";
    if (state.term) showTerm(state.term);
    if (state.mapDrawn) drawMap();
    if (state.claimsDrawn) drawClaims();
    if (state.sharesDrawn) drawAllShares();
  }
  const state = { term: null, mapDrawn: false, claimsDrawn: false, sharesDrawn: false, cluster: null };

  // ---- sentences -----------------------------------------------------------------------------
  const tokenCache = new Array(N);
  function tokens(r) {
    if (!tokenCache[r]) {
      const all = [];
      for (const m of S.text[r].matchAll(TOKEN)) all.push({ w: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
      tokenCache[r] = { all: all, kept: all.filter((t) => !STOP.has(t.w)) };
    }
    return tokenCache[r];
  }
  // The spans where `words` (one or two lowercase tokens) occur in sentence r, as the analyzer sees them:
  // stop words removed before bigrams are formed; a phrase holding a stop word is looked up in the raw text.
  const lowered = new Array(N);
  function spans(r, words) {
    // A substring test first: most sentences lack the word, and tokenizing them all costs seconds at 50k.
    if (lowered[r] === undefined) lowered[r] = S.text[r].toLowerCase();
    if (!words.every((w) => lowered[r].includes(w))) return [];
    const seq = words.some((w) => STOP.has(w)) ? tokens(r).all : tokens(r).kept;
    const out = [];
    for (let i = 0; i + words.length <= seq.length; i++) {
      let ok = true;
      for (let j = 0; j < words.length; j++) if (seq[i + j].w !== words[j]) { ok = false; break; }
      if (ok) for (let j = 0; j < words.length; j++) out.push([seq[i + j].start, seq[i + j].end]);
    }
    return out;
  }
  function highlighted(r, marks) {
    const p = make("div", undefined, "text");
    const text = S.text[r];
    let at = 0;
    marks.sort((a, b) => a[0] - b[0]).forEach(([s, e]) => {
      if (s < at) return;
      p.append(document.createTextNode(text.slice(at, s)), make("mark", text.slice(s, e)));
      at = e;
    });
    p.append(document.createTextNode(text.slice(at)));
    return p;
  }
  function card(r, marks, cls) {
    const box = make("div", undefined, "sent" + (cls ? " " + cls : ""));
    box.dataset.row = String(r);
    const meta = make("div", undefined, "meta");
    const doc = S.doc[r];
    meta.append(document.createTextNode([S.sides[S.side[r]], S.sources[S.source[r]], S.date[r], S.docs.doc_id[doc] + " #" + S.sent_idx[r]].join(" · ")));
    const url = S.docs.url[doc];
    if (/^https?:\/\//i.test(url)) {
      const a = make("a", "link");
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      meta.append(document.createTextNode(" · "), a);
    }
    box.append(meta);
    if (S.docs.title[doc]) box.append(make("div", S.docs.title[doc], "title"));
    box.append(marks ? highlighted(r, marks) : make("div", S.text[r], "text"));
    box.addEventListener("click", () => showContext(r));
    return box;
  }
  function appendChunked(container, rows, render) {
    let shown = 0;
    const more = make("button", "", "more");
    function next() {
      const stop = Math.min(rows.length, shown + CHUNK);
      for (; shown < stop; shown++) container.insertBefore(render(rows[shown]), more);
      more.textContent = "show " + Math.min(CHUNK, rows.length - shown) + " more of " + (rows.length - shown);
      more.hidden = shown >= rows.length;
    }
    more.addEventListener("click", next);
    container.append(more);
    next();
  }
  function showContext(r) {
    const box = el("context");
    box.replaceChildren();
    const close = make("button", "close");
    close.addEventListener("click", () => { box.hidden = true; });
    const doc = S.doc[r];
    box.append(close, make("h3", "in context: " + S.docs.doc_id[doc]));
    const rows = [];
    for (let i = 0; i < N; i++) if (S.doc[i] === doc && Math.abs(S.sent_idx[i] - S.sent_idx[r]) <= 2) rows.push(i);
    rows.sort((a, b) => S.sent_idx[a] - S.sent_idx[b]);
    rows.forEach((i) => {
      const c = card(i, null, i === r ? "focus" : "");
      box.append(c);
    });
    box.hidden = false;
  }

  // ---- words ---------------------------------------------------------------------------------
  function queryWords(q) {
    return Array.from(String(q).matchAll(TOKEN), (m) => m[0].toLowerCase());
  }
  function showTerm(term) {
    state.term = term;
    const words = queryWords(term);
    const out = el("word-results");
    out.replaceChildren();
    if (!words.length) { out.append(make("p", "type a word of two or more letters")); return; }
    const groups = [[], [], []];
    for (let r = 0; r < N; r++) {
      if (!passes(r)) continue;
      const m = spans(r, words);
      if (!m.length) continue;
      const g = S.side[r] === pairCodes[0] ? 0 : S.side[r] === pairCodes[1] ? 1 : 2;
      groups[g].push([r, m]);
    }
    const total = groups[0].length + groups[1].length + groups[2].length;
    const head = make("h2", "“" + words.join(" ") + "”: " + total + " sentences");
    head.id = "word-results-head";
    out.append(head);
    const cols = make("div", undefined, "columns");
    const names = [D.pair[0], D.pair[1], "other sides"];
    groups.forEach((rows, g) => {
      if (g === 2 && !rows.length) return;
      const col = make("div", undefined, "column");
      col.dataset.group = names[g];
      col.append(make("h3", names[g] + " (" + rows.length + ")"));
      appendChunked(col, rows, ([r, m]) => card(r, m));
      cols.append(col);
    });
    out.append(cols);
  }
  function drawWords() {
    el("pair-a").textContent = D.pair[0];
    el("pair-b").textContent = D.pair[1];
    const rows = D.terms.rows;
    const color = rows.map((t) => (t.z > 1.96 ? sideColor(pairCodes[0]) : t.z < -1.96 ? sideColor(pairCodes[1]) : "#bbbbbb"));
    const ranked = rows.map((t, i) => [Math.abs(t.z), i]).sort((a, b) => b[0] - a[0]).slice(0, 30).map((x) => x[1]);
    const labelled = new Set(ranked);
    const trace = {
      // SVG up to 20,000 terms: WebGL starts slowly where the GPU is emulated (headless, remote desktops).
      type: rows.length > 20000 && hasWebGL() ? "scattergl" : "scatter",
      mode: "markers",
      x: rows.map((t) => Math.log10(t.count_a + t.count_b)),
      y: rows.map((t) => t.z),
      marker: { color: color, size: 7, opacity: 0.8 },
      customdata: rows.map((t) => [t.term, t.count_a, t.count_b, t.freq_a, t.freq_b]),
      hovertemplate: "<b>%{customdata[0]}</b><br>" + plain(D.pair[0]) + ": %{customdata[1]} (%{customdata[3]} per 1,000)<br>" +
        plain(D.pair[1]) + ": %{customdata[2]} (%{customdata[4]} per 1,000)<br>z = %{y:.2f}<extra></extra>",
    };
    const labels = {
      type: "scatter", mode: "text", hoverinfo: "skip",
      x: ranked.map((i) => trace.x[i]), y: ranked.map((i) => rows[i].z), text: ranked.map((i) => rows[i].term),
      textposition: "middle right", textfont: { size: 11 },
    };
    const layout = {
      height: 460, margin: { l: 50, r: 20, t: 10, b: 40 }, showlegend: false, hovermode: "closest",
      xaxis: { title: { text: "log10 count in both sides" } }, yaxis: { title: { text: "z (+ " + plain(D.pair[0]) + ", − " + plain(D.pair[1]) + ")" } },
    };
    Plotly.newPlot("words-chart", [trace, labels], layout, { displaylogo: false, responsive: true });
    el("words-chart").on("plotly_click", (ev) => { if (ev.points.length && ev.points[0].curveNumber === 0) showTerm(rows[ev.points[0].pointIndex].term); });
    el("word-search-form").addEventListener("submit", (e) => { e.preventDefault(); showTerm(el("word-search").value); });
  }

  // ---- themes --------------------------------------------------------------------------------
  const clusterOf = new Map(D.clusters.map((c) => [c.cluster, c]));
  // Without WebGL (some headless or remote browsers) plotly's scattergl draws nothing: SVG then, with
  // every k-th point of the map's sample up to SVG_MAX, so the page stays usable.
  const SVG_MAX = 5000;
  let webgl = null;
  function hasWebGL() {
    if (webgl === null) {
      try { const c = document.createElement("canvas"); webgl = !!(c.getContext("webgl") || c.getContext("experimental-webgl")); } catch (e) { webgl = false; }
    }
    return webgl;
  }
  function drawMap() {
    state.mapDrawn = true;
    const M = D.map;
    const gl = M.gl && hasWebGL();
    const stride = gl ? 1 : Math.ceil(M.rows.length / SVG_MAX);
    const bySide = S.sides.map(() => ({ x: [], y: [], row: [] }));
    M.rows.forEach((r, i) => { if (i % stride === 0 && passes(r)) { const t = bySide[S.side[r]]; t.x.push(M.x[i]); t.y.push(M.y[i]); t.row.push(r); } });
    const shown = Math.ceil(M.rows.length / stride);
    if (shown < N) el("map-help").textContent = "The map draws a seeded sample of " + shown + " of " + N + " sentences" + (gl ? "" : " (this browser has no WebGL)") + "; the lists keep every sentence. Hover a dot to read it; click a dot or a cluster below.";
    const traces = bySide.map((t, s) => ({
      type: gl ? "scattergl" : "scatter", mode: "markers", name: plain(S.sides[s]), x: t.x, y: t.y, customdata: t.row,
      hoverinfo: "none", marker: { color: sideColor(s), size: shown > SVG_MAX ? 3 : 6, opacity: 0.7 },
    }));
    const layout = { height: 540, margin: { l: 20, r: 20, t: 10, b: 20 }, hovermode: "closest", xaxis: { visible: false }, yaxis: { visible: false, scaleanchor: "x" } };
    Plotly.react("map", traces, layout, { displaylogo: false, responsive: true });
  }
  function initMap() {
    drawMap();
    const map = el("map");
    map.on("plotly_hover", (ev) => {
      const r = ev.points[0].customdata;
      const panel = el("hover-panel");
      panel.replaceChildren(card(r, null), make("div", "cluster " + (clusterOf.get(S.cluster[r]) || { name: S.cluster[r] }).name, "meta"));
    });
    map.on("plotly_click", (ev) => { if (ev.points.length) showCluster(S.cluster[ev.points[0].customdata]); });
    const list = el("cluster-list");
    D.clusters.forEach((c) => {
      const b = make("button", c.name + " (" + c.size + ")", "cluster-chip");
      b.dataset.cluster = String(c.cluster);
      b.addEventListener("click", () => showCluster(c.cluster));
      list.append(b);
    });
  }
  function fmt(v) { return v === null || v === undefined ? "" : (Math.round(v * 1000) / 10).toFixed(1) + "%"; }
  function showCluster(k) {
    state.cluster = k;
    document.querySelectorAll(".cluster-chip").forEach((b) => b.classList.toggle("active", b.dataset.cluster === String(k)));
    const c = clusterOf.get(k);
    const box = el("cluster-detail");
    box.replaceChildren(make("h2", "cluster " + c.name), make("p", "terms: " + c.terms));
    const share = D.shares.find((s) => s.cluster === String(k) || Number(s.cluster) === k);
    if (share) {
      const t = make("table", undefined, "list");
      t.id = "cluster-shares";
      const head = make("tr");
      ["side", "share", "difference " + D.pair[0] + " − " + D.pair[1] + " (95% interval)", "q"].forEach((h) => head.append(make("th", h)));
      t.append(head);
      const r1 = make("tr"); r1.append(make("td", share.side_a), make("td", fmt(share.share_a) + " of " + share.n_docs_a + " documents' sentences"), make("td", fmt(share.diff) + " [" + fmt(share.ci_low) + ", " + fmt(share.ci_high) + "]"), make("td", share.q_value));
      const r2 = make("tr"); r2.append(make("td", share.side_b), make("td", fmt(share.share_b) + " of " + share.n_docs_b + " documents' sentences"), make("td", ""), make("td", ""));
      t.append(r1, r2);
      box.append(t);
    }
    box.append(make("h3", "exemplars (the sentences nearest the cluster's centre)"));
    const ex = make("div");
    ex.id = "cluster-exemplars";
    c.exemplars.forEach((r) => ex.append(card(r, null)));
    box.append(ex);
  }

  // ---- claims --------------------------------------------------------------------------------
  function claimFilters() {
    const k = el("claim-cluster").value;
    const q = el("claim-text").value.toLowerCase();
    return (rows) => rows.every((r) => r < 0 || passes(r)) && (k === "" || rows.some((r) => r >= 0 && String(S.cluster[r]) === k)) &&
      (!q || rows.some((r) => r >= 0 && S.text[r].toLowerCase().includes(q)));
  }
  function cell(r) {
    const td = make("td");
    if (r >= 0) td.append(card(r, null));
    return td;
  }
  function drawClaims() {
    state.claimsDrawn = true;
    const ok = claimFilters();
    const C = D.claims;
    const claims = [];
    C.a.forEach((a, i) => { if (ok([a, C.b[i]])) claims.push(i); });
    el("claims-count").textContent = "(" + claims.length + " of " + C.a.length + ")";
    const t1 = make("table", undefined, "list");
    el("claims-list").replaceChildren(t1);
    appendChunked(t1, claims, (i) => { const tr = make("tr", undefined, "row"); tr.append(make("td", C.similarity[i]), cell(C.a[i]), cell(C.b[i])); return tr; });
    const O = D.omissions;
    const oms = [];
    O.row.forEach((r, i) => { if (ok([r])) oms.push(i); });
    el("omissions-count").textContent = "(" + oms.length + " of " + O.row.length + ")";
    const t2 = make("table", undefined, "list");
    el("omissions-list").replaceChildren(t2);
    appendChunked(t2, oms, (i) => {
      const tr = make("tr", undefined, "row");
      const note = "nearest " + (O.other[i] || "") + " sentence, similarity " + O.similarity[i] + (O.support[i] ? "; support " + O.support[i] : "");
      const near = cell(O.match[i]);
      near.prepend(make("div", note, "meta"));
      tr.append(make("td", S.sides[S.side[O.row[i]]]), cell(O.row[i]), near);
      return tr;
    });
  }
  function initClaims() {
    const sel = el("claim-cluster");
    D.clusters.forEach((c) => { const o = make("option", c.name); o.value = String(c.cluster); sel.append(o); });
    sel.addEventListener("change", drawClaims);
    el("claim-text").addEventListener("input", drawClaims);
    drawClaims();
  }

  // ---- voices and frames ---------------------------------------------------------------------
  function drawShares(id, rows, key, title) {
    if (!rows.length) { el(id).replaceChildren(make("p", "no " + key + " shares in this study")); el(id).style.minHeight = "0"; return; }
    // Linked to the side filter: an unticked side leaves these charts too.
    const sides = Array.from(new Set(rows.map((r) => r.side))).filter((s) => S.sides.indexOf(s) < 0 || filter.sides.has(S.sides.indexOf(s)));
    const cats = Array.from(new Set(rows.map((r) => r[key])));
    const traces = sides.map((s) => {
      const mine = cats.map((c) => rows.find((r) => r.side === s && r[key] === c) || {});
      return {
        type: "bar", orientation: "h", name: plain(s), y: cats.map(plain), x: mine.map((r) => r.share),
        marker: { color: sideColor(Math.max(0, S.sides.indexOf(s))) },
        error_x: { type: "data", symmetric: false, array: mine.map((r) => r.ci_high - r.share), arrayminus: mine.map((r) => r.share - r.ci_low) },
      };
    });
    const layout = { title: { text: title }, barmode: "group", showlegend: true, height: 120 + 28 * cats.length * Math.min(sides.length, 3), margin: { l: 220, r: 20, t: 40, b: 40 }, xaxis: { tickformat: ".0%" }, yaxis: { autorange: "reversed" } };
    Plotly.react(id, traces, layout, { displaylogo: false, responsive: true });
  }

  // ---- tabs ----------------------------------------------------------------------------------
  function drawAllShares() {
    state.sharesDrawn = true;
    drawShares("voices-chart", D.voices, "voice", "who speaks: voice shares by side");
    drawShares("frames-chart", D.frames, "frame", "policy frames: shares by side");
  }
  const init = { themes: initMap, claims: initClaims, shares: drawAllShares };
  document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll("#tabs button").forEach((o) => o.classList.toggle("active", o === b));
    document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== "view-" + b.dataset.tab; });
    const once = init[b.dataset.tab];
    if (once) { delete init[b.dataset.tab]; once(); }
    window.dispatchEvent(new Event("resize"));
  }));
  buildFilters();
  drawWords();
  performance.mark("framing:words");
  refresh();
  window.framingExplorer = { data: D, showTerm: showTerm, showCluster: showCluster, ready: true };
})();
