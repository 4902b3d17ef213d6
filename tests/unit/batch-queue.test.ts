import { describe, expect, it } from "vitest";
import { BatchQueue } from "../../api/src/lib/batch-queue.ts";

/** A batch runner that records its batches and finishes each when told to. */
function recordingRunner(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const finish: Array<() => void> = [];
  const run = (items: number[]) => {
    batches.push(items);
    return new Promise<number[]>((resolve, reject) => {
      finish.push(() => (items.some(fail) ? reject(new Error(`bad item in ${items}`)) : resolve(items.map((i) => i * 10))));
    });
  };
  const finishNext = async () => {
    while (finish.length === 0) await new Promise((r) => setImmediate(r));
    finish.shift()!();
  };
  return { batches, run, finishNext };
}

describe("BatchQueue", () => {
  it("runs a lone item at once and groups what arrives while a run is in flight", async () => {
    const runner = recordingRunner();
    const queue = new BatchQueue(runner.run, { maxBatch: 3 });
    const first = queue.add(1);
    expect(runner.batches).toEqual([[1]]); // no timer: started synchronously
    const rest = [2, 3, 4, 5, 6].map((i) => queue.add(i));
    await runner.finishNext();
    await runner.finishNext();
    await runner.finishNext();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50, 60]);
    expect(runner.batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it("keeps a batch within its size budget, letting one oversized item through alone", async () => {
    const runner = recordingRunner();
    const queue = new BatchQueue(runner.run, { maxBatch: 8, budget: { max: 10, of: (i: number) => i } });
    const results = [1, 4, 5, 2, 3, 12, 1].map((i) => queue.add(i));
    for (let i = 0; i < 5; i++) await runner.finishNext();
    await Promise.all(results);
    expect(runner.batches).toEqual([[1], [4, 5], [2, 3], [12], [1]]);
  });

  it("fails a whole batch together unless told to retry items singly", async () => {
    const isBad = (i: number) => i === 2;
    const together = recordingRunner(isBad);
    const strict = new BatchQueue(together.run, { maxBatch: 8 });
    const [a, b, c] = [strict.add(0), strict.add(1), strict.add(2)];
    await together.finishNext();
    await together.finishNext();
    expect(await a).toBe(0);
    await expect(b).rejects.toThrow("bad item");
    await expect(c).rejects.toThrow("bad item");

    const singly = recordingRunner(isBad);
    const lenient = new BatchQueue(singly.run, { maxBatch: 8, retrySingly: true });
    const results = [0, 1, 2, 3].map((i) => lenient.add(i).catch((e: Error) => e.message));
    for (let i = 0; i < 5; i++) await singly.finishNext(); // [0], [1,2,3] fails, then [1] [2] [3]
    expect(await Promise.all(results)).toEqual([0, 10, "bad item in 2", 30]);
    expect(singly.batches).toEqual([[0], [1, 2, 3], [1], [2], [3]]);
  });

  it("rejects every item when a run returns the wrong number of results", async () => {
    const queue = new BatchQueue(async (items: number[]) => items.slice(1), { maxBatch: 4 });
    await expect(queue.add(1)).rejects.toThrow("a batch of 1 gave 0 results");
  });
});
