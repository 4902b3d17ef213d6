import { describe, expect, it } from "vitest";
import { percent, when } from "../../client/src/format.ts";

describe("shared number and time formats", () => {
  it("writes fractions as whole percentages by default, or with the digits asked for", () => {
    expect(percent(0.93)).toBe("93%");
    expect(percent(1)).toBe("100%");
    expect(percent(0)).toBe("0%");
    expect(percent(0.9351, 1)).toBe("93.5%");
  });

  it("writes a dash where there is no value yet", () => {
    expect(percent(null)).toBe("–");
    expect(percent(undefined)).toBe("–");
  });

  it("shows the time of day for today's predictions and the date as well for older ones", () => {
    const now = new Date();
    const older = new Date(now.getTime() - 3 * 86_400_000);
    const shortDate = (date: Date) => new Intl.DateTimeFormat(undefined, { dateStyle: "short" }).format(date);
    const clock = (date: Date) => new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(date);
    expect(when(now.toISOString())).toBe(clock(now));
    expect(when(older.toISOString())).toContain(shortDate(older));
    expect(when(older.toISOString())).not.toBe(clock(older));
  });
});
