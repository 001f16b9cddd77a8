// page.js — the analysts' page: screens a name with GET /v1/search, shows
// each result with a score bar and its explanation (which words matched and
// how well, and what raised or lowered the score), and the entity's whole
// record from GET /v1/entities/{list}/{id} with a link to its official
// source. The query lives in the URL hash (#name=...&type=...), so a search
// can be bookmarked or shared and runs again when the page loads; #entity=
// {list}/{id} opens a record. No framework, no external file.
"use strict";

const $ = (id) => document.getElementById(id);
const FIELDS = ["name", "type", "country", "dob", "threshold"];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function setStatus(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", !!isError);
}

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await r.json(); } catch (e) { body = null; }
  if (!r.ok) throw new Error((body && body.error) || `${r.status} ${r.statusText}`);
  return body;
}

const pct = (x) => `${Math.round((Number(x) || 0) * 100)}%`;
const fmt = (x) => (Number(x) || 0).toFixed(2);

async function loadLists() {
  try {
    const d = await getJSON("/v1/lists");
    const parts = d.lists.map((l) => `${l.list} (${l.date || "undated"}, ${l.entities} entities)`);
    $("snapshot").textContent = `Screening against ${d.snapshot.entities} entities: ${parts.join(" · ")}`;
  } catch (e) {
    $("snapshot").textContent = `The lists could not be read: ${e.message}`;
  }
}

function explanation(m) {
  const x = m.explanation || {};
  const box = el("details", {}, el("summary", { text: "Why this score" }));
  box.append(el("p", { text: `Name score ${fmt(x.name_score ?? m.name_score)} for “${m.matched_name || m.name}”` +
                              (m.matched_kind && m.matched_kind !== "primary" ? ` (${m.matched_kind})` : "") + "." }));
  const tokens = x.tokens || [];
  if (tokens.length) {
    const t = el("table", { class: "tokens" },
      el("caption", { class: "sr-only", text: "How the words of the query line up with the listed name" }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Your word" }), el("th", { scope: "col", text: "Listed word" }),
                              el("th", { scope: "col", text: "How" }), el("th", { scope: "col", text: "Similarity" }),
                              el("th", { scope: "col", text: "Weight" }))));
    const tb = el("tbody");
    for (const k of tokens) {
      const q = k.query ?? k.query_token ?? null, n = k.name ?? k.name_token ?? null, how = k.how || "";
      /* An unmatched word that counts at less than its weight (a middle name, a company's middle word) says so. */
      const kept = typeof k.kept === "number" && k.kept < 1 ? `, counts ${pct(k.kept)}` : "";
      tb.append(el("tr", {}, el("td", { text: q ?? "—" }), el("td", { text: n ?? "—" }),
                   el("td", { class: `how-${how}`, text: how + kept }), el("td", { text: pct(k.similarity) }),
                   el("td", { text: pct(k.weight) })));
    }
    t.append(tb);
    box.append(t);
  }
  const adj = x.adjustments || [];
  if (adj.length) {
    const ul = el("ul", { class: "adjustments" });
    for (const a of adj) {
      const d = Number(a.delta) || 0;
      ul.append(el("li", {}, el("span", { class: d < 0 ? "delta-neg" : "delta-pos", text: `${d >= 0 ? "+" : ""}${fmt(d)} ` }),
                   el("strong", { text: `${a.what}: ` }), a.reason || ""));
    }
    box.append(ul);
  }
  return box;
}

function resultCard(m) {
  const list = m.list || m.list_id, id = m.source_id;
  const card = el("article", { class: `result${m.match ? " match" : ""}`, "data-list": list, "data-id": id });
  card.append(el("h3", { text: m.name }));
  card.append(el("p", { class: "meta" },
    el("span", { class: `badge${m.match ? " match" : ""}`, text: m.match ? "Match" : "Below threshold" }),
    el("span", { class: "badge", text: list }), el("span", { class: "badge", text: m.type || "unknown" }),
    m.matched_name && m.matched_name !== m.name ? `matched “${m.matched_name}”` : ""));
  const bar = el("div", { class: "bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "1",
                          "aria-valuenow": String(m.score), "aria-label": `Score ${fmt(m.score)}` },
                 el("span"));
  bar.firstChild.style.width = pct(m.score);   // CSSOM, which the page's CSP allows
  card.append(el("div", { class: "scoreline" }, el("span", { class: "score", text: fmt(m.score) }), bar));
  card.append(explanation(m));
  card.append(el("div", { class: "actions" },
    el("button", { type: "button", class: "linkish", text: "Full record",
                   onclick: () => openRecord(list, id) })));
  return card;
}

function readForm() {
  const q = {};
  for (const f of FIELDS) { const v = $(f).value.trim(); if (v) q[f] = v; }
  return q;
}

function writeForm(q) {
  for (const f of FIELDS) $(f).value = q[f] || "";
}

async function search(q) {
  const out = $("results");
  out.replaceChildren();
  if (!q.name) { setStatus("Type a name to screen.", true); return; }
  setStatus(`Screening “${q.name}”…`);
  try {
    const d = await getJSON(`/v1/search?${new URLSearchParams(q)}`);
    const hits = d.matches.filter((m) => m.match).length;
    setStatus(d.matches.length
      ? `${d.matches.length} result${d.matches.length === 1 ? "" : "s"} for “${q.name}”, ${hits} at or above the threshold of ${fmt(d.query.threshold)}.`
      : `No match for “${q.name}” at the threshold of ${fmt(d.query.threshold)}.`);
    for (const m of d.matches) out.append(resultCard(m));
  } catch (e) {
    setStatus(`Screening failed: ${e.message}`, true);
  }
}

const FIELD_LABELS = [
  ["list", "List"], ["source_id", "Source id"], ["source_list", "Source list"], ["type", "Type"],
  ["listing_date", "Listed on"], ["license_requirement", "License requirement"],
  ["license_policy", "License policy"], ["remarks", "Remarks"],
];

function textOf(v) {
  if (v === null || v === undefined) return "";
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) return v.map(textOf).filter(Boolean).join("; ");
  if (v.text) return v.text + (v.date ? `, ${v.date}` : "");
  if (v.name) return v.name + (v.kind && v.kind !== "primary" ? ` (${v.kind})` : "");
  if (v.number) return [v.type, v.number, v.country && `(${v.country})`, v.note].filter(Boolean).join(" ");
  if (v.key) return `${v.key}: ${v.value}`;
  return Object.values(v).filter((x) => typeof x === "string").join(", ");
}

async function openRecord(list, id) {
  const body = $("record-body"), dlg = $("record");
  body.replaceChildren(el("p", { text: "Loading…" }));
  $("record-title").textContent = id;
  if (!dlg.open) dlg.showModal();
  history.replaceState(null, "", `#entity=${encodeURIComponent(list)}/${encodeURIComponent(id)}`);
  try {
    const e = await getJSON(`/v1/entities/${encodeURIComponent(list)}/${encodeURIComponent(id)}`);
    $("record-title").textContent = e.name || id;
    const dl = el("dl");
    const add = (label, value) => { const t = textOf(value); if (t) dl.append(el("dt", { text: label }), el("dd", { text: t })); };
    for (const [k, label] of FIELD_LABELS.slice(0, 4)) add(label, e[k]);
    for (const n of (e.names || []).slice(1)) add(n.kind === "primary" ? "Name" : `Also known as${n.kind && n.kind !== "aka" ? ` (${n.kind})` : ""}`, n.name);
    for (const a of e.addresses || []) add("Address", a.text || textOf(a));
    add("Date of birth", (e.births || []).map((b) => b.text || textOf(b)));
    add("Place of birth", e.places_of_birth);
    add("Nationality", e.nationalities);
    add("Citizenship", e.citizenships);
    for (const i of e.ids || []) add(i.type || "Identifier", [i.number, i.country && `(${i.country})`, i.note].filter(Boolean).join(" "));
    add("Programs", e.programs);
    add("Citations", e.citations);
    for (const [k, label] of FIELD_LABELS.slice(4)) add(label, e[k]);
    for (const a of e.attrs || e.attributes || []) add(a.key, a.value);
    const nodes = [dl];
    if (e.source_url) nodes.push(el("p", {}, el("a", { href: e.source_url, target: "_blank", rel: "noopener noreferrer",
                                                       class: "source", text: "Official source ↗" })));
    nodes.push(el("p", {}, el("a", { href: `/v1/entities/${encodeURIComponent(list)}/${encodeURIComponent(id)}?pretty=1`, text: "This record as JSON" })));
    body.replaceChildren(...nodes);
  } catch (err) {
    body.replaceChildren(el("p", { class: "status error", text: `The record could not be read: ${err.message}` }));
  }
}

function fromHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.get("entity")) {
    const [list, ...rest] = h.get("entity").split("/");
    openRecord(decodeURIComponent(list), decodeURIComponent(rest.join("/")));
    return;
  }
  const q = {};
  for (const f of FIELDS) if (h.get(f)) q[f] = h.get(f);
  if (q.name) { writeForm(q); search(q); }
}

document.addEventListener("DOMContentLoaded", () => {
  loadLists();
  $("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = readForm();
    history.replaceState(null, "", `#${new URLSearchParams(q)}`);
    search(q);
  });
  $("record-close").addEventListener("click", () => $("record").close());
  $("record").addEventListener("close", () => {
    if (location.hash.startsWith("#entity=")) history.replaceState(null, "", location.pathname + location.search);
  });
  window.addEventListener("hashchange", fromHash);   // a pasted or edited link
  fromHash();
});
