import type { TicketAttribute } from "../art/attributes.js";
import { CARD } from "../art/palette.js";

/** One ticket in the gallery. */
export interface GalleryTicket {
  /** Token ID. */
  tokenId: bigint;
  /** Path of its image, relative to the gallery page. */
  image: string;
  /** Its attributes (shown in the caption and counted in the summary). */
  attributes: readonly TicketAttribute[];
}

/** Parameters of {@link galleryHtml}. */
export interface GalleryHtmlParameters {
  /** Page title (the event name). */
  title: string;
  /** A line under the title (date, count, salt). */
  subtitle: string;
  /** The tickets, in order. */
  tickets: readonly GalleryTicket[];
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SUMMARY_TRAITS = ["Folds", "Paper", "Centre", "Rim"];

/**
 * A static contact sheet of the tickets (no scripts, nothing fetched but the images beside it): a grid of
 * every ticket with its number and main traits, and how often each trait value occurs.
 *
 * @param parameters - Title, subtitle and tickets.
 * @returns The HTML page.
 * @example
 * writeFileSync("gallery.html", galleryHtml({ title, subtitle, tickets }));
 */
export function galleryHtml({ title, subtitle, tickets }: GalleryHtmlParameters): string {
  const counts = new Map<string, Map<string, number>>(SUMMARY_TRAITS.map((t) => [t, new Map()]));
  for (const t of tickets) {
    for (const a of t.attributes) {
      const m = counts.get(a.trait_type);
      if (m !== undefined) m.set(String(a.value), (m.get(String(a.value)) ?? 0) + 1);
    }
  }
  const summary = SUMMARY_TRAITS.map((trait) => {
    const entries = [...counts.get(trait)!.entries()].sort((a, b) => b[1] - a[1]);
    return `<p><b>${trait}</b> ${entries.map(([v, n]) => `${escapeHtml(v)} ${n}`).join(" · ")}</p>`;
  }).join("");
  const figures = tickets
    .map((t) => {
      const value = (name: string) => String(t.attributes.find((a) => a.trait_type === name)?.value ?? "");
      const caption = `No. ${t.tokenId.toString().padStart(4, "0")} · ${value("Folds")} folds · ${value("Paper")} · ${value("Centre")}`;
      const bands = t.attributes
        .filter((a) => a.trait_type.startsWith("Band "))
        .map((a) => String(a.value))
        .join(", ");
      return (
        `<figure><a href="${t.image}"><img src="${t.image}" loading="lazy" width="200" height="260" ` +
        `alt="${escapeHtml(caption)}" title="${escapeHtml(`${caption} · ${value("Rim")} rim · ${bands}`)}"></a>` +
        `<figcaption>${escapeHtml(caption)}</figcaption></figure>`
      );
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — papercut tickets</title>
<style>
body{margin:0;background:${CARD.background};color:${CARD.card};font:14px/1.4 system-ui,sans-serif}
header{padding:20px 24px 8px}h1{margin:0 0 4px;font-size:22px}header p{margin:4px 0;opacity:.85;overflow-wrap:anywhere}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:14px;padding:16px 24px 32px}
figure{margin:0}img{display:block;width:100%;height:auto;border-radius:6px}
figcaption{font-size:12px;opacity:.8;margin-top:4px}a{color:inherit}
</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p>${summary}</header>
<main>
${figures}
</main>
</body>
</html>
`;
}
