// bahth's page: plain JavaScript, no build step. Every piece of article text is put in the
// page with textContent (never innerHTML), so nothing an article holds can run.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

// The whole state lives in the URL: query, filters, page, view.
function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    sources: p.getAll("source"),
    from: p.get("from") || "",
    to: p.get("to") || "",
    page: Math.max(0, parseInt(p.get("page") || "0", 10) || 0),
    articles: p.get("articles") !== "0",
    stories: p.get("stories") === "1",
    fresh: p.get("added_since") === "last",
    batch: p.get("batch") || "",
    sort: ["newest", "oldest"].includes(p.get("sort")) ? p.get("sort") : "relevance",
    drops: p.getAll("drop"),
    article: p.get("article") || "",
  };
}

function stateUrl(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  s.sources.forEach((x) => p.append("source", x));
  if (s.from) p.set("from", s.from);
  if (s.to) p.set("to", s.to);
  if (s.page) p.set("page", String(s.page));
  if (!s.articles) p.set("articles", "0");
  if (s.stories) p.set("stories", "1");
  if (s.fresh) p.set("added_since", "last");
  if (s.batch) p.set("batch", s.batch);
  if (s.sort && s.sort !== "relevance") p.set("sort", s.sort);
  s.drops.forEach((x) => p.append("drop", x));
  if (s.article) p.set("article", s.article);
  const qs = p.toString();
  return qs ? "?" + qs : "/";
}

let state = readState();
const PAGE = 10;

function go(next, replace) {
  // The page being left keeps its scroll position, for Back.
  history.replaceState({ scroll: window.scrollY }, "", location.href);
  state = Object.assign({}, state, next);
  const url = stateUrl(state);
  if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
  return render();
}

function apiParams(extra) {
  const p = new URLSearchParams();
  // A spelling of several words is left out as one: !"حزب الله".
  const drops = state.drops.map((d) => (/\s/.test(d) ? ` !"${d}"` : " !" + d)).join("");
  p.set("q", state.q + drops);
  state.sources.forEach((x) => p.append("source", x));
  if (state.from) p.set("from", state.from);
  if (state.to) p.set("to", state.to);
  if (state.fresh) p.set("added_since", "last");
  Object.entries(extra || {}).forEach(([k, v]) => p.set(k, String(v)));
  return p;
}

async function getJson(url, options) {
  const r = await fetch(url, options);
  const body = await r.json().catch(() => ({ error: "the server sent something that is not JSON" }));
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}

// The API answers in English (as the CLI); the page says it in Arabic. Known messages are
// translated; anything else is named as a server error, the original kept in the tooltip.
const ERRORS = [
  [/^q is empty/, "اكتب اسما أو كلمات للبحث."],
  [/^q is over/, "الاستعلام أطول من 500 حرف: اختصره."],
  [/has no words to search for/, "لا كلمات في الاستعلام للبحث عنها: اكتب كلمة أو رقما على الأقل."],
  [/^--from .* is not a date/, "تاريخ البداية غير صالح: اكتبه بالشكل YYYY-MM-DD."],
  [/^--to .* is not a date/, "تاريخ النهاية غير صالح: اكتبه بالشكل YYYY-MM-DD."],
  [/^no article with id/, "لم تعد هذه المقالة في الفهرس."],
  [/^names/, "قائمة الأسماء غير صالحة: اسم في كل سطر، حتى 1000 اسم."],
];

function showError(msg) {
  const e = $("error");
  const known = msg ? ERRORS.find(([re]) => re.test(msg)) : null;
  e.textContent = msg ? (known ? known[1] : "حدث خطأ في الخادم؛ أعد المحاولة.") : "";
  e.title = msg || "";
  e.hidden = !msg;
}

// A text with [start, end) character ranges marked.
function marked(text, ranges) {
  const frag = document.createDocumentFragment();
  const chars = Array.from(text);
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) frag.append(chars.slice(at, s).join(""));
    frag.append(el("mark", chars.slice(s, e).join("")));
    at = e;
  }
  if (at < chars.length) frag.append(chars.slice(at).join(""));
  return frag;
}

let lastHits = [];

async function search() {
  $("article-view").hidden = true;
  $("search-view").hidden = false;
  $("q").value = state.q;
  $("from").value = /^\d{4}-\d{2}-\d{2}$/.test(state.from) ? state.from : "";
  $("to").value = /^\d{4}-\d{2}-\d{2}$/.test(state.to) ? state.to : "";
  $("articles").checked = state.articles;
  $("stories").checked = state.stories;
  $("fresh").checked = state.fresh;
  $("sort").value = state.sort;
  $("results").replaceChildren();
  $("facets").replaceChildren();
  $("histogram").replaceChildren();
  $("hist-axis").replaceChildren();
  $("hist-table").replaceChildren();
  $("hist-info").textContent = "";
  $("spellings").replaceChildren();
  $("spellings").classList.remove("collapsed");
  $("pager").hidden = true;
  $("exports").hidden = true;
  $("undated").textContent = "";
  showError("");
  if (!state.q.trim()) {
    $("status").textContent = "اكتب اسما أو كلمات للبحث. اضغط / للانتقال إلى مربع البحث.";
    return;
  }
  $("status").textContent = "…";
  let res, hist;
  try {
    [res, hist] = await Promise.all([
      getJson("/api/search?" + apiParams({ limit: PAGE, offset: state.page * PAGE, articles: state.articles, stories: state.stories, sort: state.sort })),
      getJson("/api/histogram?" + apiParams({ by: histogramUnit(), unit: state.stories ? "stories" : "articles" })),
    ]);
  } catch (e) {
    $("status").textContent = "";
    showError(e.message);
    return;
  }
  lastHits = res.hits;
  $("status").textContent = res.total_hits === 0
    ? "لا نتائج. جرّب كلمات أقل أو تهجئة أخرى، أو أزل المرشحات."
    : counted(res.total_hits, res.unit) + (res.unit === "stories" ? " (النسخ تُعدّ مرة)" : "") + (res.fallback_any ? " (لا فقرة فيها كل الكلمات: نتائج بأي منها)" : "") + ` · ${iso(res.took_ms.toFixed(1) + " ms")}`;
  renderActive();
  renderSuggestions(res.suggestions || []);
  renderSpellings(res.spellings);
  renderFacets(res.facets.source, res.unit);
  renderHistogram(hist);
  for (const h of res.hits) {
    const li = el("li");
    const h3 = el("h3");
    const a = el("a", h.title || h.article_id);
    a.href = stateUrl(Object.assign({}, state, { article: h.article_id }));
    a.addEventListener("click", (ev) => { ev.preventDefault(); openedFromResults = true; go({ article: h.article_id }); });
    h3.append(a);
    li.append(h3, el("p", `${outlet(h.source)} · ${h.date || "بلا تاريخ"}`, "muted"));
    if (h.new) h3.prepend(el("span", "جديد", "new-badge"));
    const p = el("p");
    p.append(marked(h.snippet, h.highlights));
    li.append(p);
    if (h.copies && h.copies.length) li.append(copiesLine(h));
    $("results").append(li);
  }
  const pages = Math.ceil(res.total_hits / PAGE);
  if (pages > 1) {
    $("pager").hidden = false;
    $("page").textContent = `${state.page + 1} / ${pages}`;
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page + 1 >= pages;
  }
  $("exports").hidden = res.total_hits === 0;
  setExportLinks();
}

// The outlets that also carried a hit's story: "also in: outlet (date), …" (with the
// story's first publication when it is another copy).
function copiesLine(h) {
  const when = (c) => (c.date ? iso(c.date) : "بلا تاريخ");
  const earlier = h.copies.filter((c) => (c.date || "~") + c.id < (h.date || "~") + h.article_id);
  const line = el("p", "", "copies");
  const also = h.copies.filter((c) => c !== earlier[0]);
  const parts = [];
  if (earlier.length) parts.push(`نُشرت أولا في: ${iso(outlet(earlier[0].source))} (${when(earlier[0])})`);
  if (also.length) parts.push(`نُشرت أيضا في: ` + also.map((c) => `${iso(outlet(c.source))} (${when(c)})`).join("، "));
  line.append(el("span", parts.join(" · ")));
  line.title = h.copies.map((c) => `${outlet(c.source)} · ${when(c)} · ${c.title}`).join("\n");
  return line;
}

// The filters in force, each a chip that removes it, and one that clears them all: a filter
// never stays on unseen when the query changes.
// User text and Latin fragments inside Arabic lines are bidi-isolated (FSI … PDI), so a date
// or an outlet name keeps its own direction.
const iso = (t) => "\u2068" + t + "\u2069";
// The outlet as the page names it: articles that named none are filed under "unknown" by the
// indexer (the API keeps that key; filters and exports use it).
// A count with its noun in the form Arabic gives it after that number: the dual after 2,
// the plural after 3–10 (and after a hundred and 3–10), the singular otherwise.
const NOUNS = {
  articles: ["مقالة", "مقالتان", "مقالات"],
  passages: ["فقرة", "فقرتان", "فقرات"],
  stories: ["قصة", "قصتان", "قصص"],
};
function counted(n, unit) {
  const [one, two, many] = NOUNS[unit] || [unit, unit, unit];
  const r = n % 100;
  const noun = n === 2 ? two : r >= 3 && r <= 10 ? many : one;
  return `${n} ${noun}`;
}
const outlet = (s) => (s === "unknown" ? "منفذ غير معروف" : s);

function renderActive() {
  const box = $("active");
  box.replaceChildren();
  const chips = state.sources.map((s) => [`المنفذ: ${iso(outlet(s))}`, { sources: state.sources.filter((x) => x !== s) }]);
  if (state.from) chips.push([`من ${iso(state.from)}`, { from: "" }]);
  if (state.to) chips.push([`إلى ${iso(state.to)}`, { to: "" }]);
  if (state.drops.length) chips.push([`تهجئات مستبعدة: ${state.drops.length}`, { drops: [] }]);
  if (state.fresh) chips.push(["الجديد فقط", { fresh: false }]);
  box.hidden = !chips.length;
  if (!chips.length) return;
  box.append(el("span", "المرشحات:", "label"));
  const chip = (text, change) => {
    const b = el("button", text + " ×", "filter");
    b.type = "button";
    b.title = "أزل هذا المرشح";
    b.addEventListener("click", () => go(Object.assign({ page: 0 }, change)));
    box.append(b);
  };
  chips.forEach(([text, change]) => chip(text, change));
  if (chips.length > 1) chip("مسح الكل", { sources: [], from: "", to: "", drops: [], fresh: false });
}

// "Did you mean": each corrected query as a link, with the articles it finds.
function renderSuggestions(list) {
  const box = $("suggest");
  box.replaceChildren();
  box.hidden = !list.length;
  for (const sug of list) {
    box.append("هل تقصد: ");
    const a = el("a", sug.query);
    a.href = stateUrl(Object.assign({}, state, { q: sug.query, page: 0, drops: [] }));
    a.addEventListener("click", (ev) => { ev.preventDefault(); go({ q: sug.query, page: 0, drops: [] }); });
    box.append(a, ` (${counted(sug.articles, "articles")})؟`);
  }
}

// Spelling chips shown on a phone before "+N".
const SHOWN_CHIPS = 4;

// How each spelling was reached, in Arabic.
const KINDS = {
  clitic: "بسابقة",
  inflection: "تصريف",
  variant: "تهجئة أخرى",
  joined: "موصولة",
  split: "مفصولة",
  dropped: "مستبعدة",
};

function renderSpellings(spellings) {
  const box = $("spellings");
  if (!spellings.length && !state.drops.length) return;
  box.append(el("span", "التهجئات (عدد الفقرات):", "label"));
  const seen = new Set();
  for (const s of spellings.concat(state.drops.map((d) => ({ form: d, kind: "dropped", passages: 0 })))) {
    if (seen.has(s.form)) continue;
    seen.add(s.form);
    const off = state.drops.includes(s.form);
    const parts = [iso(s.form)];
    if (s.kind !== "dropped") parts.push(counted(s.passages, "passages"));
    if (KINDS[s.kind]) parts.push(KINDS[s.kind]);
    const chip = el("span", parts.join(" · "), off ? "off" : "");
    chip.title = off ? "أعد هذه التهجئة" : "استبعد هذه التهجئة";
    chip.tabIndex = 0;
    chip.setAttribute("role", "button");
    chip.setAttribute("aria-pressed", String(!off));
    chip.dataset.form = s.form;
    const toggle = () => {
      const drops = off ? state.drops.filter((d) => d !== s.form) : state.drops.concat([s.form]);
      go({ drops, page: 0 });
    };
    chip.addEventListener("click", toggle);
    chip.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        toggle();
      }
    });
    box.append(chip);
  }
  // On a phone, the first few spellings and a "+N" chip that shows the rest.
  const chips = Array.from(box.querySelectorAll("span[role=button]"));
  if (window.matchMedia("(max-width: 760px)").matches && chips.length > SHOWN_CHIPS) {
    chips.slice(SHOWN_CHIPS).forEach((c) => c.classList.add("more-hidden"));
    box.classList.add("collapsed");
    const more = el("span", iso(`+${chips.length - SHOWN_CHIPS}`), "more");
    more.tabIndex = 0;
    more.setAttribute("role", "button");
    more.title = "أظهر كل التهجئات";
    const open = () => { box.classList.remove("collapsed"); more.remove(); };
    more.addEventListener("click", open);
    more.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(); } });
    box.append(more);
  }
}

function renderFacets(facets, unit) {
  const names = Object.keys(facets).sort((a, b) => facets[b] - facets[a]);
  for (const name of state.sources) if (!names.includes(name)) names.push(name);
  for (const name of names) {
    const li = el("li");
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = state.sources.includes(name);
    box.addEventListener("change", () => {
      const sources = box.checked ? state.sources.concat([name]) : state.sources.filter((s) => s !== name);
      go({ sources, page: 0 });
    });
    label.append(box, el("span", outlet(name)), el("span", String(facets[name] || 0), "muted"));
    li.append(label);
    $("facets").append(li);
  }
  $("facets").title = { articles: "مقالات لكل منفذ", passages: "فقرات لكل منفذ", stories: "قصص لكل منفذ" }[unit] || unit;
  $("facets-unit").textContent = { articles: "(مقالات)", passages: "(فقرات)", stories: "(قصص)" }[unit] || "";
}

// Bars per month, or per day when the date range is two months or less.
function histogramUnit() {
  const from = Date.parse(state.from), to = Date.parse(state.to);
  return !isNaN(from) && !isNaN(to) && to - from <= 62 * 86400000 ? "day" : "month";
}

// Buckets of stray articles far before or after the rest are folded into "earlier" and
// "later": a run of at least OUTLIER_GAP empty buckets (half a year of months, or two weeks of
// days) cuts off an end that holds at most OUTLIER_SHARE of the articles, or a single
// article, so one misdated article does not squeeze the months that matter to the edge.
const OUTLIER_GAP = { month: 6, day: 14 };
const OUTLIER_SHARE = 0.02;

function foldOutliers(rows, unit) {
  const total = rows.reduce((n, r) => n + r.count, 0);
  const stray = Math.max(1, total * OUTLIER_SHARE);
  const gap = OUTLIER_GAP[unit] || 6;
  let lo = 0, hi = rows.length;
  const cut = (from, step) => {
    // The first run of `gap` empty buckets walking from `from`; the index after it.
    let empty = 0;
    for (let i = from; i >= 0 && i < rows.length; i += step) {
      empty = rows[i].count === 0 ? empty + 1 : 0;
      if (empty >= gap) return i;
    }
    return -1;
  };
  const sum = (a, b) => rows.slice(a, b).reduce((n, r) => n + r.count, 0);
  // An end is folded only when what stays holds more than it: the chart is never emptied.
  const left = cut(0, 1);
  if (left >= 0 && sum(0, left) <= stray && sum(left) > sum(0, left)) lo = left + 1;
  const right = cut(rows.length - 1, -1);
  if (right >= lo && sum(right) <= stray && sum(lo, right) > sum(right)) hi = right;
  while (lo < hi && rows[lo].count === 0) lo++;
  while (hi > lo && rows[hi - 1].count === 0) hi--;
  return {
    earlier: rows.slice(0, lo).reduce((n, r) => n + r.count, 0),
    later: rows.slice(hi).reduce((n, r) => n + r.count, 0),
    shown: rows.slice(lo, hi),
  };
}

// A bucket key as an Arabic label: "مايو 2018" or "3 مايو 2018".
function bucketLabel(key) {
  const [y, m, d] = key.split("-").map(Number);
  const opts = d ? { day: "numeric", month: "long", year: "numeric" } : { month: "long", year: "numeric" };
  return new Intl.DateTimeFormat("ar-u-nu-latn", Object.assign({ timeZone: "UTC" }, opts)).format(new Date(Date.UTC(y, m - 1, d || 1)));
}

function renderHistogram(h) {
  const unit = histogramUnit();
  const word = state.stories ? "stories" : "articles";
  const { earlier, later, shown } = foldOutliers(h.rows, unit);
  const box = $("histogram");
  const max = Math.max(1, ...shown.map((r) => r.count));
  const info = $("hist-info");
  const say = (r) => { info.textContent = `${bucketLabel(r.key[0])}: ${counted(r.count, word)}`; };
  const bars = [];
  for (const r of shown) {
    // An empty bucket is drawn but is not a control: it would lead to no results.
    const b = el(r.count ? "button" : "span", undefined, r.count ? "" : "empty");
    b.style.height = `${r.count ? Math.max(2, Math.round((r.count / max) * 88)) : 1}px`;
    b.title = `${bucketLabel(r.key[0])}: ${counted(r.count, word)}`;
    if (!r.count) {
      b.setAttribute("aria-hidden", "true");
      box.append(b);
      continue;
    }
    b.type = "button";
    b.setAttribute("aria-label", b.title);
    b.dataset.key = r.key[0];
    b.tabIndex = bars.length ? -1 : 0;
    b.addEventListener("focus", () => say(r));
    b.addEventListener("mouseenter", () => say(r));
    b.addEventListener("click", () => {
      if (r.key[0].length === 10) {
        go({ from: r.key[0], to: r.key[0], page: 0 });
        return;
      }
      const [y, m] = r.key[0].split("-").map(Number);
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      go({ from: `${r.key[0]}-01`, to: `${r.key[0]}-${String(last).padStart(2, "0")}`, page: 0 });
    });
    bars.push(b);
    box.append(b);
  }
  // One tab stop; the arrow keys move along the bars (the axis runs left to right, oldest first).
  bars.forEach((b, i) => b.addEventListener("keydown", (ev) => {
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: bars.length - 1 }[ev.key];
    if (next === undefined || !bars[next]) return;
    ev.preventDefault();
    b.tabIndex = -1;
    bars[next].tabIndex = 0;
    bars[next].focus();
  }));
  if (shown.length) {
    const axis = $("hist-axis");
    axis.append(el("span", bucketLabel(shown[0].key[0])));
    if (shown.length > 2) axis.append(el("span", bucketLabel(shown[Math.floor(shown.length / 2)].key[0])));
    if (shown.length > 1) axis.append(el("span", bucketLabel(shown[shown.length - 1].key[0])));
    info.textContent = `الأعلى: ${bucketLabel(shown.reduce((a, r) => (r.count > a.count ? r : a)).key[0])}، ${counted(max, word)}`;
  }
  // The same numbers as a table, for screen readers.
  const table = $("hist-table");
  table.append(el("caption", `عدد ${state.stories ? "القصص" : "المقالات"} حسب ${unit === "day" ? "اليوم" : "الشهر"}`));
  for (const r of shown.filter((r) => r.count)) {
    const tr = el("tr");
    tr.append(el("th", bucketLabel(r.key[0])), el("td", String(r.count)));
    table.append(tr);
  }
  const notes = [];
  if (earlier) notes.push(`${counted(earlier, word)} قبل ذلك`);
  if (later) notes.push(`${counted(later, word)} بعد ذلك`);
  if (h.undated) notes.push(`${counted(h.undated, word)} بلا تاريخ`);
  $("undated").textContent = notes.length ? notes.join(" · ") + " (خارج الرسم)" : "";
}

let matchAt = -1;
let openedFromResults = false;

async function showArticle() {
  $("q").value = state.q;
  $("search-view").hidden = true;
  $("article-view").hidden = false;
  showError("");
  let a;
  try {
    a = await getJson("/api/article/" + encodeURIComponent(state.article).replace(/%2F/g, "/") + "?" + new URLSearchParams({ q: state.q }));
  } catch (e) {
    showError(e.message);
    return;
  }
  $("a-title").textContent = a.title;
  $("a-title").tabIndex = -1;
  $("a-title").focus({ preventScroll: true });
  const meta = [outlet(a.source), a.date || "بلا تاريخ"].concat(a.authors.length ? ["بقلم " + a.authors.join("، ")] : []);
  $("a-meta").textContent = meta.join(" · ");
  // The outlet's link, only for http(s) addresses: a javascript: or data: URL from an
  // article is shown as text and never followed.
  if (a.url) {
    const sep = document.createTextNode(" · ");
    if (/^https?:\/\//i.test(a.url)) {
      const link = el("a", "المصدر");
      link.href = a.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      $("a-meta").append(sep, link);
    } else {
      $("a-meta").append(sep, el("span", a.url));
    }
  }
  // The other copies of this article's story, each a link to its own view.
  const copies = a.copies || [];
  $("a-copies").hidden = !copies.length;
  $("a-copies").replaceChildren();
  if (copies.length) {
    $("a-copies").append(el("span", `نسخ هذه المقالة (${copies.length}): `));
    copies.forEach((c, i) => {
      const link = el("a", `${outlet(c.source)} (${c.date || "بلا تاريخ"})`);
      link.href = stateUrl(Object.assign({}, state, { article: c.id }));
      link.title = c.title;
      link.addEventListener("click", (ev) => { ev.preventDefault(); go({ article: c.id }); });
      $("a-copies").append(...(i ? [document.createTextNode("، "), link] : [link]));
    });
  }
  $("a-text").replaceChildren(marked(a.text, a.highlights));
  matchAt = -1;
  $("match-pos").textContent = a.highlights.length ? `${a.highlights.length} مطابقة` : "";
  step(1);
}

function step(d) {
  const marks = Array.from(document.querySelectorAll("#a-text mark"));
  if (!marks.length) return;
  marks.forEach((m) => m.classList.remove("current"));
  matchAt = (matchAt + d + marks.length) % marks.length;
  marks[matchAt].classList.add("current");
  marks[matchAt].scrollIntoView({ block: "center" });
  $("match-pos").textContent = `${matchAt + 1} / ${marks.length}`;
}

function download(link, name, text, type) {
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
}

function csvCell(v) {
  const s = String(v === null || v === undefined ? "" : v);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

// The export links: every hit of the current search, as the server writes it (CSV with a
// UTF-8 byte-order mark for Excel, and the article's URL; or JSON Lines).
function setExportLinks() {
  const extra = { articles: state.articles, stories: state.stories, sort: state.sort };
  $("export-csv").href = "/api/export?" + apiParams(Object.assign({ format: "csv" }, extra));
  $("export-jsonl").href = "/api/export?" + apiParams(Object.assign({ format: "jsonl" }, extra));
}

let batchRows = [];

// The batch is kept in the URL (its names, one a line), so a reload or a shared link shows
// the same table.
let scrollToBatch = false;

function startBatch() {
  scrollToBatch = true;
  const names = $("batch-names").value.split("\n").map((s) => s.trim()).filter(Boolean).join("\n");
  if (names === state.batch) runBatch(); else go({ batch: names });
}

async function runBatch() {
  const names = state.batch.split("\n").map((s) => s.trim()).filter(Boolean);
  $("batch-names").value = state.batch;
  if (!names.length) { $("batch").hidden = true; return; }
  showError("");
  let rows;
  try {
    rows = await getJson("/api/batch", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ names, source: state.sources, from: state.from || null, to: state.to || null, added_since: state.fresh ? "last" : null }),
    });
  } catch (e) {
    showError(e.message);
    return;
  }
  batchRows = rows;
  $("batch").hidden = false;
  const filters = state.sources.map((s) => iso(outlet(s))).concat(state.from ? [`من ${iso(state.from)}`] : [], state.to ? [`إلى ${iso(state.to)}`] : [], state.fresh ? ["الجديد منذ آخر فهرسة فقط"] : []);
  $("batch-filters").textContent = filters.length ? `المرشحات المطبقة: ${filters.join("، ")}` : "بلا مرشحات: كل المنافذ وكل التواريخ";
  const body = $("batch-rows");
  body.replaceChildren();
  for (const r of rows) {
    const tr = el("tr");
    const name = el("td");
    const a = el("a", r.name);
    a.href = stateUrl(Object.assign({}, state, { q: r.name, page: 0, articles: true, drops: [], article: "" }));
    name.append(a);
    const per = Object.entries(r.sources).map(([s, n]) => `${outlet(s)} ${n}`).join(" · ");
    tr.append(name, el("td", r.error ? r.error : String(r.articles)), el("td", per), el("td", r.first || ""), el("td", r.last || ""));
    body.append(tr);
  }
  // One column per outlet, so a spreadsheet can sum and chart them; a byte-order mark so
  // Excel reads the Arabic as UTF-8.
  const outlets = Array.from(new Set(rows.flatMap((r) => Object.keys(r.sources || {})))).sort();
  const csv = [["name", "articles", "first", "last"].concat(outlets)].concat(
    rows.map((r) => [r.name, r.error ? "" : r.articles, r.first, r.last].concat(outlets.map((o) => (r.sources || {})[o] || 0))));
  if (scrollToBatch) {
    scrollToBatch = false;
    $("batch").scrollIntoView({ block: "start" });
    $("batch").focus({ preventScroll: true });
  }
  download($("batch-csv"), "bahth-batch.csv", "\uFEFF" + csv.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n", "text/csv;charset=utf-8");
}

function render() {
  document.title = state.q ? `${state.q} — بحث` : "بحث — bahth";
  if (state.article) return showArticle();
  return Promise.all([search(), state.batch ? runBatch() : Promise.resolve($("batch").hidden = true)]);
}

let typing;
document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearTimeout(typing);
    go({ q: $("q").value.trim(), page: 0, drops: [], article: "" });
  });
  // While typing, the first settled query of a burst is a new Back entry and the rest of
  // the burst replaces it, so Back returns to the search before the typing.
  let burst = false, burstEnd;
  $("q").addEventListener("input", () => {
    clearTimeout(typing);
    clearTimeout(burstEnd);
    typing = setTimeout(() => {
      go({ q: $("q").value.trim(), page: 0, drops: [], article: "" }, burst);
      burst = true;
      burstEnd = setTimeout(() => { burst = false; }, 1500);
    }, 300);
  });
  $("from").addEventListener("change", () => go({ from: $("from").value, page: 0 }));
  $("to").addEventListener("change", () => go({ to: $("to").value, page: 0 }));
  $("articles").addEventListener("change", () => go({ articles: $("articles").checked, page: 0 }));
  $("stories").addEventListener("change", () => go({ stories: $("stories").checked, page: 0 }));
  $("fresh").addEventListener("change", () => go({ fresh: $("fresh").checked, page: 0 }));
  $("sort").addEventListener("change", () => go({ sort: $("sort").value, page: 0 }));
  $("prev").addEventListener("click", () => go({ page: Math.max(0, state.page - 1) }));
  $("next").addEventListener("click", () => go({ page: state.page + 1 }));
  // Back to the results: the browser's own Back when the article was opened from them (no new
  // history entry, and the results come back where they were).
  $("back").addEventListener("click", (ev) => {
    ev.preventDefault();
    if (openedFromResults) history.back(); else go({ article: "" });
  });
  $("prev-match").addEventListener("click", () => step(-1));
  $("next-match").addEventListener("click", () => step(1));
  $("batch-run").addEventListener("click", startBatch);
  $("batch-file").addEventListener("change", async (ev) => {
    const f = ev.target.files[0];
    if (f) $("batch-names").value = await f.text();
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "/" && document.activeElement !== $("q") && !["TEXTAREA", "INPUT"].includes(document.activeElement.tagName)) {
      ev.preventDefault();
      $("q").focus();
    }
  });
  window.addEventListener("popstate", (ev) => {
    state = readState();
    const scroll = ev.state && ev.state.scroll;
    openedFromResults = false;
    Promise.resolve(render()).then(() => { if (scroll) window.scrollTo(0, scroll); });
  });
  // Article view keys: Esc back to the results, n and p the next and previous match.
  document.addEventListener("keydown", (ev) => {
    if ($("article-view").hidden || ["TEXTAREA", "INPUT"].includes(document.activeElement.tagName)) return;
    if (ev.key === "Escape") $("back").click();
    else if (ev.key === "n") step(1);
    else if (ev.key === "p") step(-1);
  });
  $("filters-toggle").addEventListener("click", () => {
    const open = document.body.classList.toggle("filters-open");
    $("filters-toggle").setAttribute("aria-expanded", String(open));
  });
  render();
});
