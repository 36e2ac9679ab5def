import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import type { EnrichedDocument, FailureRecord } from "../../core/document.js";
import { PRODUCER } from "../../core/version.js";
import { highlight, type Term } from "./highlight.js";
import { MAX_REMOVED_SHOWN } from "./removed-blocks.js";
import { REPORT_CSS, REPORT_JS } from "./report-assets.js";
import type { ReportArticle, ReportData } from "./report-data.js";
import { type RunTotals, runTotals } from "./report-summary.js";

/**
 * The run report: one self-contained HTML page (inline style and script, no fonts, no network),
 * rendered with preact, which escapes every text and attribute it is given. The overview lists
 * every article; each article's page is an inert <template> the script clones when it is opened.
 * The page is made of its frame (`reportFrame`: everything but the articles' templates, from one
 * small row per article and the totals) and one template per article
 * (`renderArticleTemplate`), so that a large run's report is written one article at a time
 * (`writeReport`) with the same bytes as this whole-page rendering.
 */
export function renderReport(data: ReportData): string {
  const { head, tail } = reportFrame({
    rows: data.articles.map(reportRow),
    totals: runTotals(data.articles),
    from: data.from,
    seconds: data.seconds,
    unreadable: data.unreadable,
  });
  return head + data.articles.map(renderArticleTemplate).join("") + tail;
}

/** What the overview shows of one article (its row in the list). */
export interface ReportRow {
  readonly name: string;
  readonly status: "enriched" | "failed";
  readonly headline: string;
  /** Lower-cased words the list's filter matches. */
  readonly search: string;
  readonly sentiment: EnrichedDocument["sentiment"] | null;
  readonly failureCode: string | null;
  readonly sourceBytes: number | null;
}

export function reportRow(article: ReportArticle): ReportRow {
  const title = headline(article);
  const search =
    article.status === "enriched"
      ? [title, article.document.clean.title ?? "", article.name]
      : [article.name, article.failure.code, article.failure.reason];
  return {
    name: article.name,
    status: article.status,
    headline: title,
    search: search.join(" ").toLowerCase(),
    sentiment: article.status === "enriched" ? article.document.sentiment : null,
    failureCode: article.status === "failed" ? article.failure.code : null,
    sourceBytes: sourceBytes(article),
  };
}

/** The page without the articles' templates: the overview, in the rows' order. */
export interface ReportOverview {
  readonly rows: readonly ReportRow[];
  readonly totals: RunTotals;
  readonly from: string;
  readonly seconds: number | null;
  readonly unreadable: ReportData["unreadable"];
}

/** Where the templates go in the frame (an element no article renders). */
const TEMPLATES_MARK = "depeche-templates";

/** The page before and after the articles' templates. */
export function reportFrame(overview: ReportOverview): { head: string; tail: string } {
  const page = `<!doctype html>\n${renderToString(<Page overview={overview} />)}\n`;
  const [head, tail, ...more] = page.split(`<template id="${TEMPLATES_MARK}"></template>`);
  if (head === undefined || tail === undefined || more.length > 0) {
    throw new Error("the report frame must hold the templates' place exactly once");
  }
  return { head, tail };
}

/** Article `index` of the overview (its list position), as the template the script opens. */
export function renderArticleTemplate(article: ReportArticle, index: number): string {
  return renderToString(
    <template id={`template-${index}`}>
      {article.status === "enriched" ? (
        <EnrichedArticle
          index={index}
          name={article.name}
          document={article.document}
          removed={article.removed}
        />
      ) : (
        <FailedArticle index={index} name={article.name} failure={article.failure} />
      )}
    </template>,
  );
}

const numbers = new Intl.NumberFormat("en-GB");
const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 4,
});
const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

function Page({ overview }: { overview: ReportOverview }) {
  const { totals, rows } = overview;
  const title = `depeche report: ${totals.enriched} enriched, ${totals.failed} failed`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content={`${PRODUCER.name} ${PRODUCER.version}`} />
        <title>{title}</title>
        {/* Our own constant stylesheet: no article text in it. */}
        <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to the report
        </a>
        <header class="site">
          <h1>depeche · run report</h1>
          <p>
            {rows.length} article{rows.length === 1 ? "" : "s"} from <code>{overview.from}</code> ·
            depeche {PRODUCER.version}
          </p>
        </header>
        <main id="main">
          <div id="overview">
            <Glance overview={overview} />
            <ArticleList rows={rows} />
          </div>
          <div id="article-view" hidden aria-live="polite" />
          <noscript>
            <p>Opening an article needs JavaScript; the list above is complete without it.</p>
          </noscript>
        </main>
        <template id={TEMPLATES_MARK} />
        {/* Our own constant script: no article text in it. */}
        <script dangerouslySetInnerHTML={{ __html: REPORT_JS }} />
      </body>
    </html>
  );
}

function Glance({ overview }: { overview: ReportOverview }) {
  const { totals } = overview;
  const billed = totals.billed.translate + totals.billed.comprehend;
  return (
    <section aria-labelledby="glance-heading">
      <h2 id="glance-heading">The run at a glance</h2>
      <dl class="glance">
        <div>
          <dt>Articles</dt>
          <dd>{numbers.format(totals.articles)}</dd>
        </div>
        <div>
          <dt>Enriched</dt>
          <dd>
            {numbers.format(totals.enriched)}
            <small>{totals.articles ? percent(totals.enriched / totals.articles) : "—"}</small>
          </dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>
            {numbers.format(totals.failed)}
            {totals.failuresByCode.length > 0 && (
              <ul class="codes" aria-label="Failures by code">
                {totals.failuresByCode.map((f) => (
                  <li key={f.code}>
                    <code>{f.code}</code> × {f.count}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Characters billed</dt>
          <dd>
            {numbers.format(billed)}
            <small>
              Translate {numbers.format(totals.billed.translate)} · Comprehend{" "}
              {numbers.format(totals.billed.comprehend)}
            </small>
          </dd>
        </div>
        <div>
          <dt>On AWS this would bill</dt>
          <dd>
            ≈ {usd.format(totals.onAws.usd)}
            <small>
              {numbers.format(totals.onAws.translateCharacters)} Translate characters ·{" "}
              {numbers.format(totals.onAws.comprehendUnits)} Comprehend units (list prices)
            </small>
          </dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>
            {overview.seconds === null ? "—" : `${overview.seconds.toFixed(1)} s`}
            <small>
              {overview.seconds === null
                ? "not recorded in the results"
                : "whole run, start-up included"}
            </small>
          </dd>
        </div>
      </dl>
      {overview.unreadable.length > 0 && (
        <div class="failure" role="note">
          <p>
            {overview.unreadable.length} result file
            {overview.unreadable.length === 1 ? " is" : "s are"} not readable as v1 documents:
          </p>
          <ul>
            {overview.unreadable.map((u) => (
              <li key={u.name}>
                <code>{u.name}</code>: {u.problem}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function ArticleList({ rows }: { rows: readonly ReportRow[] }) {
  return (
    <section aria-labelledby="list-heading">
      <h2 id="list-heading">Articles</h2>
      <div class="tools">
        <label>
          Filter by title, name or failure code
          <input id="filter" type="search" autocomplete="off" />
        </label>
        <label>
          Show
          <select id="status-filter">
            <option value="all">all articles</option>
            <option value="enriched">enriched only</option>
            <option value="failed">failed only</option>
          </select>
        </label>
      </div>
      <table class="list">
        <caption class="visually-hidden">
          Every article of the run; open one to read it side by side with its translation.
        </caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Article</th>
            <th scope="col" class="hide-narrow">
              Sentiment
            </th>
            <th scope="col" class="num hide-narrow">
              Size
            </th>
          </tr>
        </thead>
        <tbody id="article-rows">
          {rows.map((row, i) => (
            <Row key={row.name} row={row} index={i} />
          ))}
        </tbody>
      </table>
      <div class="pager">
        <button type="button" id="prev">
          ← Previous
        </button>
        <span id="shown" aria-live="polite" />
        <button type="button" id="next">
          Next →
        </button>
      </div>
    </section>
  );
}

function Row({ row, index }: { row: ReportRow; index: number }) {
  return (
    <tr data-status={row.status} data-search={row.search}>
      <td>
        {row.status === "enriched" ? (
          <span class="status enriched">✓ enriched</span>
        ) : (
          <span class="status failed">✗ {row.failureCode}</span>
        )}
      </td>
      <td>
        <a id={`link-${index}`} href={`#article-${index}`}>
          {row.headline}
        </a>
        <div class="name">{row.name}</div>
      </td>
      <td class="hide-narrow">
        {row.sentiment !== null ? <SentimentBar sentiment={row.sentiment} /> : "—"}
      </td>
      <td class="num hide-narrow">{formatBytes(row.sourceBytes)}</td>
    </tr>
  );
}

function EnrichedArticle({
  index,
  name,
  document,
  removed,
}: {
  index: number;
  name: string;
  document: EnrichedDocument;
  removed: readonly string[] | null;
}) {
  // Marked where the analysis found them (schema 1.1 mentions: "Lavrov" for Sergei Lavrov too),
  // by text matching in documents made before mentions were recorded.
  const terms: Term[] = [
    ...document.entities.map((e) => ({
      text: e.text,
      kind: "entity" as const,
      type: e.type,
      mentions: e.mentions,
    })),
    ...document.keyPhrases.map((k) => ({
      text: k.text,
      kind: "phrase" as const,
      type: "KEY_PHRASE",
      mentions: k.mentions,
    })),
  ];
  const { clean, english, usage } = document;
  return (
    <article class="item" aria-labelledby={`heading-${index}`}>
      <BackLink />
      <h2 id={`heading-${index}`} tabindex={-1}>
        {headline({ name, status: "enriched", document, removed })}
      </h2>
      {clean.title && clean.language !== "en" && (
        <p class="fr-title" lang={clean.language}>
          {clean.title}
        </p>
      )}
      <dl class="facts">
        <dt>Source</dt>
        <dd>
          <code>{document.source.key}</code>, {formatBytes(document.source.bytes)} ({clean.format},{" "}
          {clean.encoding}, language {clean.language})
        </dd>
        {clean.author && (
          <>
            <dt>Byline</dt>
            <dd>{clean.author}</dd>
          </>
        )}
        {clean.published && (
          <>
            <dt>Published</dt>
            <dd>{clean.published}</dd>
          </>
        )}
        <dt>Kept</dt>
        <dd>
          {clean.paragraphs.length} paragraph{clean.paragraphs.length === 1 ? "" : "s"},{" "}
          {numbers.format(clean.paragraphs.reduce((n, p) => n + p.length, 0))} characters
        </dd>
        <dt>Engines</dt>
        <dd>
          {usage.translate.engine} ({numbers.format(usage.translate.billedCharacters)} characters
          billed, {numbers.format(usage.translate.cachedCharacters)} from the cache) ·{" "}
          {usage.analyze.engine} ({numbers.format(usage.analyze.billedCharacters)} billed)
        </dd>
      </dl>

      <h3>Summary</h3>
      <ul class="summary">
        {document.summary.map((sentence, i) => (
          <li key={i}>{sentence}</li>
        ))}
      </ul>

      <h3>Sentiment</h3>
      <SentimentBar sentiment={document.sentiment} big />

      <h3>Entities and key phrases</h3>
      <h4 class="sub">Entities ({document.entities.length}), marked in the English by type</h4>
      <ul class="terms" aria-label="Entities">
        {document.entities.map((e) => (
          <li key={`${e.type}:${e.text}`} class={`entity t-${e.type}`}>
            {e.text}
            <span class="type">{e.type}</span>
          </li>
        ))}
      </ul>
      <h4 class="sub">Key phrases ({document.keyPhrases.length}), underlined in the English</h4>
      <ul class="terms" aria-label="Key phrases">
        {document.keyPhrases.map((k) => (
          <li key={k.text} class="phrase">
            {k.text}
          </li>
        ))}
      </ul>

      <h3>{clean.language === "en" ? "Text" : "French and English, paragraph by paragraph"}</h3>
      <div class="pairs">
        <div class="head" aria-hidden="true">
          Original ({clean.language})
        </div>
        <div class="head" aria-hidden="true">
          English
        </div>
        {clean.paragraphs.map((paragraph, i) => (
          <ParagraphPair
            key={i}
            number={i + 1}
            language={clean.language}
            original={paragraph}
            english={english.paragraphs[i] ?? ""}
            terms={terms}
          />
        ))}
      </div>

      <Removed removed={removed} />
    </article>
  );
}

function ParagraphPair(props: {
  number: number;
  language: string;
  original: string;
  english: string;
  terms: readonly Term[];
}) {
  return (
    <>
      <span class="n">¶ {props.number}</span>
      <p lang={props.language}>
        <span class="visually-hidden">Paragraph {props.number}, original: </span>
        {props.original}
      </p>
      <p lang="en">
        <span class="visually-hidden">Paragraph {props.number}, English: </span>
        {highlight(props.english, props.terms, props.number - 1).map((segment, i) =>
          segment.mark ? (
            <mark
              key={i}
              class={`${segment.mark.kind} t-${segment.mark.type}`}
              title={segment.mark.kind === "entity" ? segment.mark.type : "key phrase"}
            >
              {segment.text}
            </mark>
          ) : (
            segment.text
          ),
        )}
      </p>
    </>
  );
}

function Removed({ removed }: { removed: readonly string[] | null }) {
  if (removed === null) {
    return (
      <p class="name">
        What the cleaner removed is shown when the source is at hand (the report of{" "}
        <code>depeche run</code>, or <code>depeche report</code> on a store).
      </p>
    );
  }
  const shown = removed.slice(0, MAX_REMOVED_SHOWN);
  return (
    <details class="removed">
      <summary>
        What the cleaner removed ({removed.length} block{removed.length === 1 ? "" : "s"})
      </summary>
      {removed.length === 0 ? (
        <p>Nothing: every block of the source was kept.</p>
      ) : (
        <ul>
          {shown.map((block, i) => (
            <li key={i}>{block}</li>
          ))}
          {removed.length > shown.length && <li>… and {removed.length - shown.length} more</li>}
        </ul>
      )}
    </details>
  );
}

function FailedArticle({
  index,
  name,
  failure,
}: {
  index: number;
  name: string;
  failure: FailureRecord;
}) {
  return (
    <article class="item" aria-labelledby={`heading-${index}`}>
      <BackLink />
      <h2 id={`heading-${index}`} tabindex={-1}>
        {name}
      </h2>
      <div class="failure" role="note">
        <strong>{failure.code}</strong>
        <p>{failure.reason}</p>
      </div>
      <dl class="facts">
        <dt>Stage</dt>
        <dd>{failure.stage}</dd>
        <dt>Attempts</dt>
        <dd>{failure.attempts}</dd>
        <dt>Source</dt>
        <dd>
          <code>{failure.source.key}</code>
          {failure.source.bytes !== null && `, ${formatBytes(failure.source.bytes)}`}
        </dd>
      </dl>
    </article>
  );
}

function SentimentBar({
  sentiment,
  big = false,
}: {
  sentiment: EnrichedDocument["sentiment"];
  big?: boolean;
}) {
  const { label, scores } = sentiment;
  const parts = (["positive", "neutral", "mixed", "negative"] as const).map((k) => ({
    k,
    share: scores[k],
  }));
  const description = `${label.toLowerCase()}: ${parts.map((p) => `${p.k} ${percent(p.share)}`).join(", ")}`;
  return (
    <div>
      <div class={big ? "bar big" : "bar"} role="img" aria-label={`Sentiment ${description}`}>
        {parts.map((p) => (
          <span key={p.k} class={p.k} style={{ width: percent(p.share) }} />
        ))}
      </div>
      {big && (
        <ul class="sentiment-legend" aria-hidden="true">
          <li>
            <strong>{label}</strong>
          </li>
          {parts.map((p) => (
            <li key={p.k}>
              <i class={p.k} />
              {p.k} {percent(p.share)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function BackLink(): ComponentChildren {
  return (
    <a class="back" href="#overview">
      ← All articles
    </a>
  );
}

/** Longest opening shown for an article without a headline. */
const OPENING_CHARACTERS = 90;

function headline(article: ReportArticle): string {
  if (article.status === "failed") return article.name;
  const { title, clean, english } = article.document;
  if (title ?? clean.title) return (title ?? clean.title) as string;
  const opening = english.paragraphs[0] ?? article.name;
  return opening.length <= OPENING_CHARACTERS
    ? opening
    : `${opening.slice(0, opening.lastIndexOf(" ", OPENING_CHARACTERS))}…`;
}

function sourceBytes(article: ReportArticle): number | null {
  return article.status === "enriched"
    ? article.document.source.bytes
    : article.failure.source.bytes;
}

function formatBytes(bytes: number | null): string {
  if (bytes === null) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
