/**
 * The report's stylesheet and script, inlined into the page (no network, works from file://).
 * Neither contains article text: everything from an article goes through the templates, where
 * preact escapes it.
 */
export const REPORT_CSS = `
:root {
  --bg: #fbfaf7; --fg: #1d1d1f; --muted: #55575c; --line: #d9d6cf; --card: #ffffff;
  --accent: #1f4fa3; --ok: #1b6e3a; --bad: #a4221b;
  --pos: #2e8b57; --neu: #8a8f98; --mix: #c98a00; --neg: #c0392b;
  --person: #fde2c8; --location: #d4ecd9; --organization: #dbe4fb; --event: #f3d9f0;
  --date: #e9e4d4; --other: #e6e6e6; --phrase: #fff1a8;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h2[tabindex="-1"]:focus { outline: none; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; }
.skip:focus { left: .5rem; z-index: 10; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.site { background: #16213e; color: #f5f5f5; padding: 1rem 1.25rem; }
header.site h1 { margin: 0; font-size: 1.35rem; letter-spacing: .01em; }
header.site p { margin: .2rem 0 0; color: #c9cfdb; font-size: .9rem; overflow-wrap: anywhere; }
main { max-width: 76rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.glance { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .75rem; margin: 0; }
.glance div { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem .9rem; }
.glance dt { color: var(--muted); font-size: .85rem; }
.glance dd { margin: .15rem 0 0; font-size: 1.45rem; font-weight: 650; }
.glance dd small { display: block; font-size: .8rem; font-weight: 400; color: var(--muted); }
.codes { list-style: none; padding: 0; margin: .25rem 0 0; font-size: .85rem; font-weight: 400; }
.tools { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0 .75rem; }
.tools label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.tools input, .tools select, .pager button {
  font: inherit; color: var(--fg); background: var(--card); border: 1px solid #8d8a83; border-radius: .35rem; padding: .35rem .5rem; min-height: 2.25rem;
}
.tools input { min-width: 16rem; }
table.list { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); }
.list th, .list td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.list th { font-size: .85rem; color: var(--muted); font-weight: 600; background: #f3f1ec; }
.list td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.list .name { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.status { font-weight: 650; white-space: nowrap; }
.status.enriched { color: var(--ok); }
.status.failed { color: var(--bad); }
.pager { display: flex; gap: .75rem; align-items: center; margin-top: .75rem; }
.bar { display: flex; height: .6rem; width: 7rem; border-radius: .3rem; overflow: hidden; background: var(--line); }
.bar.big { height: 1rem; width: min(100%, 24rem); }
.bar span { display: block; height: 100%; }
.bar .positive { background: var(--pos); } .bar .neutral { background: var(--neu); }
.bar .mixed { background: var(--mix); } .bar .negative { background: var(--neg); }
.sentiment-legend .positive { background: var(--pos); } .sentiment-legend .neutral { background: var(--neu); }
.sentiment-legend .mixed { background: var(--mix); } .sentiment-legend .negative { background: var(--neg); }
.sentiment-legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem; color: var(--muted); margin: .4rem 0 0; padding: 0; list-style: none; }
.sentiment-legend i { display: inline-block; width: .7rem; height: .7rem; border-radius: .15rem; margin-right: .3rem; vertical-align: -.05rem; }
article.item { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: 1rem 1.25rem 1.5rem; }
article.item h2 { margin-top: .5rem; font-size: 1.5rem; line-height: 1.25; }
.fr-title { color: var(--muted); font-size: 1.1rem; margin: .2rem 0 .75rem; font-style: italic; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem; margin: .5rem 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
h4.sub { font-size: .85rem; font-weight: 600; color: var(--muted); margin: .6rem 0 .2rem; }
.summary li { margin-bottom: .35rem; }
.terms { display: flex; flex-wrap: wrap; gap: .35rem; list-style: none; padding: 0; margin: .25rem 0 .75rem; }
.terms li { border-radius: .3rem; padding: .05rem .45rem; font-size: .9rem; }
.terms .type { font-size: .72rem; color: var(--muted); margin-left: .3rem; text-transform: lowercase; }
mark { color: inherit; border-radius: .2rem; padding: 0 .1rem; }
mark.phrase, .terms li.phrase { background: var(--phrase); box-shadow: inset 0 -2px 0 #b89a00; }
mark.entity, .terms li.entity { background: var(--other); }
.t-PERSON { background: var(--person) !important; } .t-LOCATION { background: var(--location) !important; }
.t-ORGANIZATION { background: var(--organization) !important; } .t-EVENT { background: var(--event) !important; }
.t-DATE, .t-QUANTITY { background: var(--date) !important; }
.pairs { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5rem; }
.pairs .head { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
.pairs p { margin: 0; padding: .6rem 0; border-bottom: 1px solid var(--line); }
.pairs p[lang="fr"] { color: #3b3d42; }
.pairs .n { display: none; }
details.removed { margin-top: 1.25rem; border: 1px solid var(--line); border-radius: .4rem; padding: .5rem .75rem; }
details.removed summary { cursor: pointer; font-weight: 600; }
details.removed li { color: var(--muted); margin: .25rem 0; overflow-wrap: anywhere; }
.failure { border-left: 4px solid var(--bad); background: #fbeeed; padding: .6rem .9rem; margin: .75rem 0; }
.failure strong { color: var(--bad); font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.back { display: inline-block; margin: .25rem 0; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
@media (max-width: 44rem) {
  main { padding: .75rem .75rem 2rem; }
  .pairs { grid-template-columns: 1fr; }
  .pairs .head { display: none; }
  .pairs .n { display: block; font-size: .75rem; color: var(--muted); padding-top: .6rem; }
  .pairs p { border-bottom: 0; padding: .2rem 0; }
  .pairs p[lang="en"] { border-bottom: 1px solid var(--line); padding-bottom: .6rem; }
  .list .hide-narrow { display: none; }
  .tools input { min-width: 0; width: 100%; }
  .tools label { flex: 1 1 100%; }
  article.item { padding: .75rem; }
}
`;

/**
 * Opening an article (`#article-N`) clones its <template> into the page, so no article is
 * rendered before it is asked for; the list is filtered and paginated in place.
 */
export const REPORT_JS = `
(() => {
  "use strict";
  const PAGE_SIZE = 50;
  const overview = document.getElementById("overview");
  const view = document.getElementById("article-view");
  const rows = Array.from(document.querySelectorAll("#article-rows tr"));
  const filter = document.getElementById("filter");
  const status = document.getElementById("status-filter");
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  const shown = document.getElementById("shown");
  const baseTitle = document.title;
  let page = 0;
  let lastOpened = null;

  function matching() {
    const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    const wanted = status.value;
    return rows.filter((row) =>
      (wanted === "all" || row.dataset.status === wanted) &&
      words.every((w) => row.dataset.search.includes(w)));
  }

  function renderList() {
    const hits = matching();
    const pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const from = page * PAGE_SIZE;
    const visible = new Set(hits.slice(from, from + PAGE_SIZE));
    for (const row of rows) row.hidden = !visible.has(row);
    shown.textContent = hits.length === 0
      ? "No article matches."
      : "Articles " + (from + 1) + "–" + Math.min(from + PAGE_SIZE, hits.length) + " of " + hits.length;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function route() {
    const match = /^#article-(\\d+)$/.exec(location.hash);
    const template = match && document.getElementById("template-" + match[1]);
    if (!template) {
      view.hidden = true;
      view.replaceChildren();
      overview.hidden = false;
      document.title = baseTitle;
      if (lastOpened) {
        const link = document.getElementById("link-" + lastOpened);
        if (link) link.focus();
        lastOpened = null;
      }
      return;
    }
    view.replaceChildren(template.content.cloneNode(true));
    overview.hidden = true;
    view.hidden = false;
    lastOpened = match[1];
    const heading = view.querySelector("h2");
    document.title = (heading ? heading.textContent : "Article") + " · " + baseTitle;
    window.scrollTo(0, 0);
    if (heading) heading.focus();
  }

  filter.addEventListener("input", () => { page = 0; renderList(); });
  status.addEventListener("change", () => { page = 0; renderList(); });
  prev.addEventListener("click", () => { page -= 1; renderList(); });
  next.addEventListener("click", () => { page += 1; renderList(); });
  window.addEventListener("hashchange", route);
  renderList();
  route();
})();
`;
