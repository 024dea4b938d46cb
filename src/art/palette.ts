/**
 * The fixed vocabulary of the art: fold counts, paper colours, band, rim and centre kinds, with the integer
 * weights that set their rarity. The renderer contract holds the same tables, in the same order.
 */

/** Fold counts and their weights (out of 100). */
export const FOLDS: readonly number[] = [4, 6, 8, 12];
/** Weights of {@link FOLDS}. */
export const FOLD_WEIGHTS: readonly number[] = [15, 30, 35, 20];

/** A paper colour family. */
export interface PaperColour {
  /** Trait value. */
  readonly name: string;
  /** Its name in Chinese (the SVG's description). */
  readonly zh: string;
  /** SVG colour, lower-case `#rrggbb`. */
  readonly hex: string;
  /** Weight out of 100. */
  readonly weight: number;
}

/** Paper colours: Chinese reds, with rare gold, ink and jade papers. */
export const PAPERS: readonly PaperColour[] = [
  { name: "China Red", zh: "中国红", hex: "#c8102e", weight: 26 },
  { name: "Vermilion", zh: "朱红", hex: "#d2321e", weight: 20 },
  { name: "Cinnabar", zh: "朱砂红", hex: "#e0452c", weight: 14 },
  { name: "Crimson", zh: "绯红", hex: "#a51c30", weight: 14 },
  { name: "Rouge", zh: "胭脂红", hex: "#9d2933", weight: 10 },
  { name: "Jujube", zh: "枣红", hex: "#7a1f22", weight: 8 },
  { name: "Gold", zh: "金色", hex: "#b8860b", weight: 4 },
  { name: "Ink", zh: "墨色", hex: "#262626", weight: 2 },
  { name: "Jade", zh: "玉色", hex: "#2e7d5b", weight: 2 },
];

/** How a band's cuts are laid out. */
export const Layout = {
  /** One ring of shapes. */
  Row: 0,
  /** Teeth alternately pointing out and in (锯齿). */
  Zigzag: 1,
  /** Two staggered rows of diamonds with half-diamonds along both rings (a window lattice). */
  Lattice: 2,
} as const;

/** A kind of band (a ring of cuts between two paper rings). */
export interface BandKind {
  /** Trait value. */
  readonly name: string;
  /** Its name in Chinese (the SVG's description). */
  readonly zh: string;
  /** One of {@link Layout}. */
  readonly layout: number;
  /** Template index (see `templates.ts`). */
  readonly template: number;
  /** Width of one cell (one shape and its bridge) as a percentage of the band height. */
  readonly aspect: number;
  /** Weight (out of 100). */
  readonly weight: number;
}

/** Band kinds: the traditional cut vocabulary. */
export const BAND_KINDS: readonly BandKind[] = [
  { name: "Sawtooth", zh: "锯齿", layout: Layout.Zigzag, template: 0, aspect: 90, weight: 18 },
  { name: "Crescent", zh: "月牙", layout: Layout.Row, template: 3, aspect: 115, weight: 12 },
  { name: "Cloud", zh: "云纹", layout: Layout.Row, template: 5, aspect: 110, weight: 12 },
  { name: "Petal", zh: "花瓣", layout: Layout.Row, template: 2, aspect: 72, weight: 14 },
  { name: "Arrowhead", zh: "箭簇", layout: Layout.Row, template: 4, aspect: 150, weight: 10 },
  { name: "Lattice", zh: "窗格", layout: Layout.Lattice, template: 6, aspect: 75, weight: 14 },
  { name: "Serrated Leaf", zh: "锯叶", layout: Layout.Row, template: 8, aspect: 85, weight: 10 },
  { name: "Water Drop", zh: "水滴", layout: Layout.Row, template: 9, aspect: 78, weight: 10 },
];

/** Rim (outer edge) kinds and their weights. */
export const RIMS: readonly { readonly name: string; readonly zh: string; readonly weight: number }[] = [
  { name: "Sawtooth", zh: "锯齿", weight: 45 },
  { name: "Scalloped", zh: "花边", weight: 40 },
  { name: "Beaded", zh: "连珠", weight: 15 },
];

/** Centre motif kinds and their weights. */
export const CENTRES: readonly { readonly name: string; readonly zh: string; readonly weight: number }[] = [
  { name: "Lotus", zh: "莲花", weight: 34 },
  { name: "Chrysanthemum", zh: "菊花", weight: 26 },
  { name: "Plum Blossom", zh: "梅花", weight: 18 },
  { name: "Coin", zh: "古钱", weight: 14 },
  { name: "Double Happiness", zh: "双喜", weight: 8 },
];

/** Colours of the card and its surroundings. */
export const CARD = {
  /** Behind the card (and the metadata's background_color). */
  background: "#2b211d",
  /** The rice-paper card. */
  card: "#f7efe1",
  /** Stub print. */
  ink: "#3b2f2a",
  /** The perforation. */
  perforation: "#cbbca5",
  /** The admitted seal. */
  seal: "#c23a2b",
  /** The souvenir mark. */
  gold: "#a87b12",
  /** The void overprint. */
  voided: "#7d1d1d",
} as const;

/** The papercut's radius, centre and the minimum paper bridge, in SVG units. */
export const GEOMETRY = {
  width: 1000,
  height: 1300,
  centreX: 500,
  centreY: 500,
  radius: 430,
  bridge: 8,
} as const;
