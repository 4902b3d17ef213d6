// Number and time formats shared by the panels, so every view says "93%" the same way.
export const percent = (fraction: number | null | undefined, digits = 0) =>
  fraction == null ? "–" : `${(fraction * 100).toFixed(digits)}%`;

/** "a 3", "an 8": the article English wants before a digit read aloud. */
export const aDigit = (digit: number) => (digit === 8 ? "an 8" : `a ${digit}`);

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" });

/** Time of day for today's predictions, date and time for older ones. */
export function when(iso: string): string {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}
