import { formatClock } from "./i18n.js";

/** A Unix time as the event's clock shows it, with the date when it is not today (in the page's language). */
export function clock(seconds: number): string {
  return formatClock(seconds);
}

/** Whole seconds from now until a Unix time (negative once past). */
export function until(seconds: number): number {
  return Math.floor(seconds - Date.now() / 1000);
}
