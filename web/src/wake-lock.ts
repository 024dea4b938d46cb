interface WakeLockSentinelLike {
  released: boolean;
  addEventListener(type: "release", fn: () => void): void;
}

let sentinel: WakeLockSentinelLike | undefined;
let wanted = false;

async function acquire(): Promise<void> {
  const wakeLock = (
    navigator as Navigator & { wakeLock?: { request(type: "screen"): Promise<WakeLockSentinelLike> } }
  ).wakeLock;
  if (wakeLock === undefined) {
    document.documentElement.dataset.wakeLock = "unsupported";
    return;
  }
  if (sentinel !== undefined && !sentinel.released) return;
  try {
    sentinel = await wakeLock.request("screen");
    document.documentElement.dataset.wakeLock = "on";
    sentinel.addEventListener("release", () => {
      document.documentElement.dataset.wakeLock = "released";
    });
  } catch {
    // Refused (battery saver, a hidden page): the screen may dim, nothing else changes.
    document.documentElement.dataset.wakeLock = "refused";
  }
}

/**
 * Keeps the screen awake while a door page is shown (the Screen Wake Lock API, where the browser has it), and
 * takes the lock again when the page comes back to the front (browsers release it when a page is hidden).
 * `<html data-wake-lock>` says what happened: `on`, `released`, `refused` or `unsupported`.
 *
 * @example
 * keepScreenOn();
 */
export function keepScreenOn(): void {
  if (!wanted) {
    wanted = true;
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") void acquire();
    });
  }
  void acquire();
}
