import type { EventConfig } from "../event/event-config.js";
import type { SiteEvent } from "./site-config.js";

/**
 * The IANA time zone of a fixed UTC offset written in an ISO 8601 time ("+08:00" → "Etc/GMT-8"; the Etc names
 * count the other way), or undefined when the offset is not a whole number of hours (the pages then show the
 * visitor's own time zone, with its name).
 *
 * @example
 * timeZoneOfOffset("2022-05-20T09:00:00+08:00"); // "Etc/GMT-8"
 */
export function timeZoneOfOffset(iso: string): string | undefined {
  if (/(Z|[+-]00:?00)$/.test(iso)) return "UTC";
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (m === null || m[3] !== "00") return undefined;
  const hours = Number(m[2]);
  if (hours === 0) return "UTC";
  return `Etc/GMT${m[1] === "+" ? "-" : "+"}${hours}`;
}

/**
 * What the pages show attendees about an event (`config.json`'s `event`), from its event file: its names,
 * dates (with the event's time zone), venue, organizer, description and transfer policy.
 *
 * @param event The loaded event file (`loadEventConfig`).
 * @returns The `event` block of `config.json`.
 * @example
 * const site = siteEventOf(await loadEventConfig({ file: "metadata/event.json" }));
 */
export function siteEventOf(event: EventConfig): SiteEvent {
  return {
    name: event.name,
    start: Number(event.start),
    end: Number(event.end),
    timeZone: timeZoneOfOffset(event.startText),
    venue: event.venue,
    organizer: event.organizer,
    description: event.description,
    help: event.help,
    accessibility: event.accessibility,
    transferPolicy: event.transferPolicy,
  };
}
