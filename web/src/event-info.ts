import type { SiteEvent, SiteText } from "../../src/web/site-config.js";
import { formatDateRange, language, t, type MessageKey } from "./i18n.js";
import { el } from "./ui.js";

/** An event text in the page's language. */
export function localText(text: SiteText): string {
  return language() === "zh-CN" ? text.zh : text.en;
}

const POLICIES = ["transferable", "locked-during-event", "locked-until-end", "soulbound"] as const;

/**
 * What an attendee looks for about the event, from the event file: when (in the event's time zone), where, who
 * organizes it, how to get help, the accessibility services, and what the transfer policy means for them.
 *
 * @returns A `<dl class="facts">` (empty rows are left out).
 */
export function eventFacts(event: SiteEvent): HTMLDListElement {
  const list = el("dl", { class: "facts event-facts", id: "event-facts" });
  const row = (key: MessageKey, value: string | undefined, data: string) => {
    if (value !== undefined && value !== "")
      list.append(el("dt", {}, t(key)), el("dd", { "data-event": data }, value));
  };
  row("event.when", formatDateRange(event.start, event.end), "when");
  row("event.where", event.venue && localText(event.venue), "where");
  row("event.organizer", event.organizer && localText(event.organizer), "organizer");
  row("event.help", event.help && localText(event.help), "help");
  row("event.access", event.accessibility && localText(event.accessibility), "accessibility");
  const policy = POLICIES.find((p) => p === event.transferPolicy);
  if (policy !== undefined) row("event.transfer", t(`event.transfer.${policy}`), "transfer");
  return list;
}
