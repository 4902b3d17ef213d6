/** A colour's relative luminance (WCAG 2), channels 0..255. */
function luminance([r, g, b]: readonly [number, number, number]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio of two colours, 1..21. */
export function contrast(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `rgb` at `alpha` over white, as the page shows it. */
export const overWhite = (rgb: readonly [number, number, number], alpha: number): [number, number, number] =>
  rgb.map((c) => Math.round(255 - alpha * (255 - c))) as [number, number, number];

const BLACK: [number, number, number] = [0, 0, 0];
const WHITE: [number, number, number] = [255, 255, 255];

/** The text colour (black or white) that reads best on a background: one of them always reaches 4.5:1. */
export const textOn = (background: readonly [number, number, number]): "dark" | "light" =>
  contrast(BLACK, background) >= contrast(WHITE, background) ? "dark" : "light";
