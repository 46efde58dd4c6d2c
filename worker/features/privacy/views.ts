import { html } from "htm/preact";
import { formatDate } from "../../lib/dates.ts";
import { usePage } from "../../views/page-context.ts";
import type { PolicyVersionInfo } from "../consent/consent-state.ts";
import type { SectionDiff } from "./policy-diff.ts";
import { inlineRuns, type Block, type PolicyDocument } from "./policy-document.ts";

/** Inline text with **key terms** highlighted. */
function Inline({ text }: { text: string }) {
  return html`${inlineRuns(text).map((run) => (run.key ? html`<strong class="key-term">${run.text}</strong>` : run.text))}`;
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case "paragraph":
      return html`<p><${Inline} text=${block.text} /></p>`;
    case "list":
      return html`<ul>
        ${block.items.map((item) => html`<li><${Inline} text=${item} /></li>`)}
      </ul>`;
    case "table": {
      const [head = [], ...rows] = block.rows;
      return html`<div class="table-scroll" tabindex="0" role="group" aria-label=${head.join(", ")}>
        <table class="cookie-table">
          <thead>
            <tr>${head.map((cell) => html`<th scope="col">${cell}</th>`)}</tr>
          </thead>
          <tbody>
            ${rows.map((row) => html`<tr>${row.map((cell) => html`<td><${Inline} text=${cell} /></td>`)}</tr>`)}
          </tbody>
        </table>
      </div>`;
    }
  }
}

function VersionBadge({ version }: { version: PolicyVersionInfo }) {
  const { t } = usePage();
  return html`<span class=${version.materiality === "material" ? "badge" : "badge badge--muted"}>
    ${version.materiality === "material" ? t("policy.material") : t("policy.editorial")}
  </span>`;
}

export function PolicyPage({
  document,
  version,
  current,
  hash,
}: {
  document: PolicyDocument;
  version: PolicyVersionInfo;
  current: number;
  hash: string;
}) {
  const { t, locale } = usePage();
  const isCurrent = version.version === current;
  const upcoming = version.version > current;
  return html`<article class="policy">
    <h1>${document.title}</h1>
    <p class="policy-meta">
      ${t("policy.version", { version: version.version, date: formatDate(version.effectiveAt, locale) })}
      ${isCurrent && html` · <span class="badge">${t("policy.current")}</span>`}
    </p>
    ${upcoming && html`<p class="notice">${t("policy.upcomingNotice", { date: formatDate(version.effectiveAt, locale) })}</p>`}
    ${!isCurrent && !upcoming && html`<p class="notice">${t("policy.older")} <a href="/privacy">${t("policy.readCurrent")}</a></p>`}
    <nav class="policy-links" aria-label=${t("policy.versions")}>
      <a href=${`/privacy/v/${version.version}`}>${t("policy.permalink")}</a>
      <a href="/privacy/versions">${t("policy.versions")}</a>
    </nav>
    ${document.intro.map((block) => html`<${BlockView} block=${block} />`)}
    <nav class="policy-toc" aria-labelledby="policy-toc">
      <h2 id="policy-toc">${t("policy.toc")}</h2>
      <ol>
        ${document.sections.map((section) => html`<li><a href=${`#${section.id}`}>${section.title}</a></li>`)}
      </ol>
    </nav>
    ${document.sections.map(
      (section) => html`<section id=${section.id} class="policy-section">
        <h2>${section.title}</h2>
        ${section.blocks.map((block) => html`<${BlockView} block=${block} />`)}
      </section>`,
    )}
    <p class="muted policy-hash">${t("policy.hash", { hash })}</p>
  </article>`;
}

function CompareForm({ versions, from, to }: { versions: PolicyVersionInfo[]; from: number; to: number }) {
  const { t } = usePage();
  const options = (selected: number) =>
    versions.map((version) => html`<option value=${version.version} selected=${version.version === selected}>v${version.version}</option>`);
  return html`<form class="compare-form" method="get" action="/privacy/diff">
    <label for="diff-from">${t("policy.compare.from")}</label>
    <select id="diff-from" name="from">${options(from)}</select>
    <label for="diff-to">${t("policy.compare.to")}</label>
    <select id="diff-to" name="to">${options(to)}</select>
    <button type="submit" class="consent-button">${t("policy.compare.submit")}</button>
  </form>`;
}

export function VersionsPage({ versions, current }: { versions: PolicyVersionInfo[]; current: number }) {
  const { t, locale } = usePage();
  const newest = versions.at(-1)?.version ?? 1;
  return html`<section class="plain">
    <h1>${t("policy.versions")}</h1>
    <ol class="version-list" reversed>
      ${[...versions].reverse().map(
        (version) => html`<li>
          <a href=${`/privacy/v/${version.version}`}>
            ${t("policy.version", { version: version.version, date: formatDate(version.effectiveAt, locale) })}
          </a>
          <${VersionBadge} version=${version} />
          ${version.version === current && html`<span class="badge">${t("policy.current")}</span>`}
          ${version.version > current && html`<span class="badge badge--muted">${t("policy.upcoming")}</span>`}
          <p>${version.summary[locale] ?? ""}</p>
        </li>`,
      )}
    </ol>
    ${versions.length > 1 && html`<h2>${t("policy.compare")}</h2><${CompareForm} versions=${versions} from=${newest - 1} to=${newest} />`}
  </section>`;
}

export function DiffPage({
  versions,
  from,
  to,
  sections,
}: {
  versions: PolicyVersionInfo[];
  from: PolicyVersionInfo;
  to: PolicyVersionInfo;
  sections: SectionDiff[];
}) {
  const { t, locale } = usePage();
  const changed = sections.filter((section) => section.kind !== "unchanged");
  return html`<section class="plain policy-diff">
    <h1>${t("policy.diff.title", { from: from.version, to: to.version })}</h1>
    <p>
      ${t("policy.version", { version: to.version, date: formatDate(to.effectiveAt, locale) })} <${VersionBadge} version=${to} />
    </p>
    <p>${to.summary[locale] ?? ""}</p>
    <${CompareForm} versions=${versions} from=${from.version} to=${to.version} />
    ${changed.length === 0 && html`<p>${t("policy.diff.none")}</p>`}
    ${sections.map((diff) => {
      switch (diff.kind) {
        case "unchanged":
          return html`<details class="diff-section diff-section--same">
            <summary>${diff.section.title} · ${t("policy.diff.unchanged")}</summary>
            ${diff.section.blocks.map((block) => html`<${BlockView} block=${block} />`)}
          </details>`;
        case "added":
          return html`<section class="diff-section diff-section--added">
            <h2>${diff.section.title} <span class="badge">${t("policy.diff.added")}</span></h2>
            <ins>${diff.section.blocks.map((block) => html`<${BlockView} block=${block} />`)}</ins>
          </section>`;
        case "removed":
          return html`<section class="diff-section diff-section--removed">
            <h2>${diff.section.title} <span class="badge badge--muted">${t("policy.diff.removed")}</span></h2>
            <del>${diff.section.blocks.map((block) => html`<${BlockView} block=${block} />`)}</del>
          </section>`;
        case "changed":
          return html`<section class="diff-section diff-section--changed">
            <h2>${diff.section.title} <span class="badge">${t("policy.diff.changed")}</span></h2>
            ${diff.blocks.map((change) =>
              change.op === "same"
                ? html`<${BlockView} block=${change.block} />`
                : change.op === "added"
                  ? html`<ins class="diff-block"><span class="visually-hidden">${t("policy.diff.addedText")}</span><${BlockView} block=${change.block} /></ins>`
                  : html`<del class="diff-block"><span class="visually-hidden">${t("policy.diff.removedText")}</span><${BlockView} block=${change.block} /></del>`,
            )}
          </section>`;
      }
    })}
  </section>`;
}
