/** A Unix time as the local clock shows it, with the date when it is not today: "14:02:11" or "28 Nov, 14:02:11". */
export function clock(seconds: number): string {
  const date = new Date(seconds * 1000);
  const time = date.toLocaleTimeString("en-GB", { hour12: false });
  return date.toDateString() === new Date().toDateString()
    ? time
    : `${date.toLocaleDateString("en-GB", { day: "numeric", month: "short" })}, ${time}`;
}

/** Whole seconds from now until a Unix time (negative once past). */
export function until(seconds: number): number {
  return Math.floor(seconds - Date.now() / 1000);
}
