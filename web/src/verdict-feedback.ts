let audio: AudioContext | undefined;

/** Tones of each verdict: ADMIT rises (two short high notes), REFUSE is one long low buzz. */
const TONES = {
  admit: [
    { hz: 880, at: 0, for: 0.12, wave: "sine" },
    { hz: 1320, at: 0.14, for: 0.18, wave: "sine" },
  ],
  refuse: [{ hz: 180, at: 0, for: 0.6, wave: "square" }],
} as const;

/** Vibration patterns (ms on, off, on…): ADMIT one short pulse, REFUSE three long ones. */
const PATTERNS = { admit: [120], refuse: [300, 100, 300, 100, 300] } as const;

function play(kind: "admit" | "refuse"): boolean {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume();
    const start = audio.currentTime + 0.01;
    for (const tone of TONES[kind]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = tone.wave;
      osc.frequency.value = tone.hz;
      gain.gain.setValueAtTime(0.25, start + tone.at);
      gain.gain.exponentialRampToValueAtTime(0.001, start + tone.at + tone.for);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + tone.at);
      osc.stop(start + tone.at + tone.for + 0.02);
    }
    return true;
  } catch {
    return false; // no audio on this device
  }
}

/**
 * The gate's feedback on a verdict: a distinct sound and vibration for ADMIT and REFUSE, each only when switched
 * on (and when the device has it).
 *
 * @returns What was given ("sound", "vibrate"), for the page to record in `data-feedback`.
 * @example
 * verdictFeedback("refuse", { sound: true, vibrate: false }); // ["sound"]
 */
export function verdictFeedback(
  kind: "admit" | "refuse",
  { sound, vibrate }: { sound: boolean; vibrate: boolean },
): string[] {
  const given: string[] = [];
  if (sound && play(kind)) given.push("sound");
  if (vibrate && typeof navigator.vibrate === "function" && navigator.vibrate([...PATTERNS[kind]]))
    given.push("vibrate");
  return given;
}
