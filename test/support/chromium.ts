import { existsSync } from "node:fs";

import { chromium } from "playwright-core";

/** Where Chromium or Chrome usually is on Linux and macOS, in the order they are tried. */
export const CHROMIUM_LOCATIONS: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** What to do when no browser was found (one line, for every platform). */
const INSTALL_HINT =
  "install one (Debian/Ubuntu: `apt-get install chromium`; macOS: install Google Chrome) " +
  "or set CHROME_PATH to a Chromium or Chrome executable";

/** No Chromium or Chrome for the browser tests, with the places that were looked at. */
export class ChromiumNotFoundError extends Error {
  override name = "ChromiumNotFoundError";
  /** Every path that was tried, in order. */
  readonly tried: readonly string[];

  constructor(problem: string, tried: readonly string[], hint: string = INSTALL_HINT) {
    super(`${problem}: ${hint} (looked at: ${tried.join(", ")})`);
    this.tried = tried;
  }
}

export interface FindChromiumParameters {
  /** Read for `CHROME_PATH`. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether a file exists. Default: `existsSync`. */
  exists?: (file: string) => boolean;
  /** Where playwright-core keeps its own Chromium, installed or not (`undefined` when it cannot say). */
  playwrightPath?: () => string | undefined;
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Finds the Chromium the browser tests drive: `CHROME_PATH` when set (it must exist), else playwright-core's own
 * browser when one is installed, else the usual Linux and macOS locations (`CHROMIUM_LOCATIONS`).
 *
 * @returns The executable's path.
 * @throws {ChromiumNotFoundError} Saying what to install, when there is none (or CHROME_PATH names no file).
 * @example
 * const browser = await chromium.launch({ executablePath: findChromium() });
 */
export function findChromium({
  env = process.env,
  exists = existsSync,
  playwrightPath = playwrightChromium,
}: FindChromiumParameters = {}): string {
  const chosen = env.CHROME_PATH;
  if (chosen !== undefined && chosen !== "") {
    if (exists(chosen)) return chosen;
    throw new ChromiumNotFoundError(
      `CHROME_PATH=${chosen} is not a file`,
      [chosen],
      `point it at a Chromium or Chrome executable, or unset it`,
    );
  }
  const playwright = playwrightPath();
  const candidates = [...(playwright === undefined ? [] : [playwright]), ...CHROMIUM_LOCATIONS];
  const found = candidates.find((file) => exists(file));
  if (found !== undefined) return found;
  throw new ChromiumNotFoundError("no Chromium or Chrome for the browser tests", candidates);
}
