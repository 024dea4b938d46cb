import { coords } from "./format.js";
import { div } from "./math.js";

/**
 * The cut shapes of the papercut, in a normalised frame: x from -50 to 50 spans the shape's width
 * (2·halfWidth), y from 0 (the band's inner radius) to 100 (its outer radius). Paths use M, L, Q, C and Z
 * with integer coordinates; {@link TEMPLATE_DATA} encodes them for `contracts/art/PapercutShapes.sol`.
 * Every shape is simply connected (no paper can be enclosed by one cut).
 */
const TEMPLATES: readonly string[] = [
  // 0 tooth, base inward (sawtooth)
  "M-50 0L0 100L50 0Z",
  // 1 tooth, base outward (sawtooth, rim notch)
  "M-50 100L0 0L50 100Z",
  // 2 petal (lens)
  "M0 0C50 16 81 54 0 100C-81 54-50 16 0 0Z",
  // 3 crescent, horns outward
  "M-50 100Q0-100 50 100Q0 50-50 100Z",
  // 4 arrowhead, pointing outward
  "M0 100C16 78 40 52 50 2L0 22L-50 2C-40 52-16 78 0 100Z",
  // 5 ruyi cloud head, pointing outward
  "M0 6C20 0 50 10 47 38C45 56 30 62 22 52C34 74 18 100 0 100C-18 100-34 74-22 52C-30 62-45 56-47 38C-50 10-20 0 0 6Z",
  // 6 diamond
  "M0 0L50 50L0 100L-50 50Z",
  // 7 dot (ellipse)
  "M0 0C28 0 50 22 50 50C50 78 28 100 0 100C-28 100-50 78-50 50C-50 22-28 0 0 0Z",
  // 8 serrated leaf
  "M0 0L24 10L20 18L40 28L34 36L48 48L42 56L50 68L41 74L40 86L26 90L0 100L-26 90L-40 86L-41 74L-50 68L-42 56L-48 48L-34 36L-40 28L-20 18L-24 10Z",
  // 9 water drop, point inward
  "M0 0C66 40 66 100 0 100C-66 100-66 40 0 0Z",
  // 10 cusp: a notch whose sides curve apart, leaving round lobes of paper between neighbours
  "M0 0C4 60 20 100 50 100L50 127L-50 127L-50 100C-20 100-4 60 0 0Z",
];

/** Template indices, by name. */
export const Template = {
  ToothIn: 0,
  ToothOut: 1,
  Petal: 2,
  Crescent: 3,
  Arrowhead: 4,
  Cloud: 5,
  Diamond: 6,
  Dot: 7,
  Leaf: 8,
  Drop: 9,
  Cusp: 10,
} as const;

const ARITY: Readonly<Record<string, number>> = { M: 1, L: 1, Q: 2, C: 3, Z: 0 };

function encode(): { data: Uint8Array; index: Uint8Array } {
  const data: number[] = [];
  const index: number[] = [];
  for (const t of TEMPLATES) {
    const start = data.length;
    const tokens = t.match(/[MLQCZ]|-?\d+/g) ?? [];
    let i = 0;
    while (i < tokens.length) {
      const cmd = tokens[i++] as string;
      const arity = ARITY[cmd];
      if (arity === undefined) throw new Error(`bad template token ${cmd}`);
      data.push(cmd.charCodeAt(0));
      for (let k = 0; k < arity * 2; k++) {
        const v = Number(tokens[i++]);
        if (!Number.isInteger(v) || v < -128 || v > 127) throw new Error(`bad template coordinate ${v}`);
        data.push(v & 0xff);
      }
    }
    index.push(start >> 8, start & 0xff, (data.length - start) >> 8, (data.length - start) & 0xff);
  }
  return { data: Uint8Array.from(data), index: Uint8Array.from(index) };
}

/** Points along a template's outline (Béziers sampled finely), for measuring its width profile. */
function outline(t: string): [number, number][] {
  const tokens = t.match(/[MLQCZ]|-?\d+/g) ?? [];
  const points: [number, number][] = [];
  let cur: [number, number] = [0, 0];
  let start: [number, number] = [0, 0];
  let i = 0;
  const take = (): [number, number] => [Number(tokens[i++]), Number(tokens[i++])];
  const STEPS = 64;
  while (i < tokens.length) {
    const cmd = tokens[i++];
    if (cmd === "M") {
      cur = take();
      start = cur;
      points.push(cur);
    } else if (cmd === "L" || cmd === "Z") {
      const to = cmd === "L" ? take() : start;
      for (let k = 1; k <= STEPS; k++) {
        const u = k / STEPS;
        points.push([cur[0] + (to[0] - cur[0]) * u, cur[1] + (to[1] - cur[1]) * u]);
      }
      cur = to;
    } else if (cmd === "Q") {
      const c = take();
      const to = take();
      for (let k = 1; k <= STEPS; k++) {
        const u = k / STEPS;
        const a = (1 - u) * (1 - u);
        const b = 2 * (1 - u) * u;
        const d = u * u;
        points.push([a * cur[0] + b * c[0] + d * to[0], a * cur[1] + b * c[1] + d * to[1]]);
      }
      cur = to;
    } else if (cmd === "C") {
      const c1 = take();
      const c2 = take();
      const to = take();
      for (let k = 1; k <= STEPS; k++) {
        const u = k / STEPS;
        const a = (1 - u) ** 3;
        const b = 3 * (1 - u) ** 2 * u;
        const c = 3 * (1 - u) * u * u;
        const d = u ** 3;
        points.push([
          a * cur[0] + b * c1[0] + c * c2[0] + d * to[0],
          a * cur[1] + b * c1[1] + c * c2[1] + d * to[1],
        ]);
      }
      cur = to;
    }
  }
  return points;
}

/**
 * Each template's width profile: for y in 0-10, 10-20, … 90-100, the widest |x| as a percentage of the
 * half-width (rounded up; 0 where the shape has no points). Used to size shapes so that neighbours keep a
 * bridge between them at every radius.
 */
function profiles(): Uint8Array {
  const out: number[] = [];
  for (const t of TEMPLATES) {
    const points = outline(t);
    for (let k = 0; k < 10; k++) {
      let widest = 0;
      for (const [x, y] of points) {
        if (y >= 10 * k - 1 && y <= 10 * k + 11 && Math.abs(x) > widest) widest = Math.abs(x);
      }
      out.push(Math.min(255, Math.ceil(widest * 2)));
    }
  }
  return Uint8Array.from(out);
}

/**
 * Each template's area within y 0..100 (a cusp's part beyond the band is left out), in thousandths of its
 * 100 × 100 box, by the shoelace formula on its outline. Used to estimate how much paper a design cuts.
 */
function fills(): number[] {
  return TEMPLATES.map((t) => {
    const points = outline(t).map(([x, y]) => [x, Math.min(y, 100)] as const);
    let twice = 0;
    for (let k = 0; k < points.length; k++) {
      const [x1, y1] = points[k]!;
      const [x2, y2] = points[(k + 1) % points.length]!;
      twice += x1 * y2 - x2 * y1;
    }
    return Math.round(Math.abs(twice) / 20);
  });
}

const ENCODED = encode();

/** Width profiles of the templates, 10 bytes each (see `profiles`). */
export const TEMPLATE_PROFILES: Uint8Array = profiles();

/** Areas of the templates in thousandths of their box (see `fills`). */
export const TEMPLATE_FILLS: readonly number[] = fills();

/** The templates: a command byte (ASCII M, L, Q, C, Z) followed by its coordinates as signed bytes. */
export const TEMPLATE_DATA: Uint8Array = ENCODED.data;
/** For each template: start and length in {@link TEMPLATE_DATA}, 2 bytes each, big-endian. */
export const TEMPLATE_INDEX: Uint8Array = ENCODED.index;

/** Parameters of {@link templatePath}. */
export interface TemplatePathParameters {
  /** Template index (see {@link Template}). */
  template: number;
  /** Inner radius of the shape (template y = 0). */
  inner: number;
  /** Radial height of the shape (template y = 100 is at inner + height). */
  height: number;
  /** Half of the shape's width (template x = ±50). */
  halfWidth: number;
}

/**
 * The path data of a template placed on the fold axis, pointing away from the centre: template (x, y)
 * becomes (x·halfWidth/50, -(inner + y·height/100)), each division truncated toward zero.
 *
 * @param parameters - Template and placement.
 * @returns The path data.
 * @example
 * templatePath({ template: Template.Petal, inner: 200, height: 60, halfWidth: 12 });
 */
export function templatePath({ template, inner, height, halfWidth }: TemplatePathParameters): string {
  const base = template * 4;
  const start = ((TEMPLATE_INDEX[base] as number) << 8) | (TEMPLATE_INDEX[base + 1] as number);
  const end = start + (((TEMPLATE_INDEX[base + 2] as number) << 8) | (TEMPLATE_INDEX[base + 3] as number));
  let d = "";
  let i = start;
  while (i < end) {
    const cmd = TEMPLATE_DATA[i++] as number;
    const arity = cmd === 77 || cmd === 76 ? 1 : cmd === 81 ? 2 : cmd === 67 ? 3 : 0;
    const values: number[] = [];
    for (let k = 0; k < arity; k++) {
      const x = signed(TEMPLATE_DATA[i++] as number);
      const y = signed(TEMPLATE_DATA[i++] as number);
      values.push(div(x * halfWidth, 50), -(inner + div(y * height, 100)));
    }
    d += String.fromCharCode(cmd) + coords(values);
  }
  return d;
}

function signed(b: number): number {
  return b >= 128 ? b - 256 : b;
}
