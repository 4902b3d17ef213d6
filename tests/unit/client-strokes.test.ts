import { describe, expect, it } from "vitest";
import { drawingReducer, emptyDrawing, type Drawing, type DrawingAction } from "../../client/src/draw/strokes.ts";

const run = (...actions: DrawingAction[]) => actions.reduce<Drawing>(drawingReducer, emptyDrawing);

describe("the drawing's strokes", () => {
  it("grows a stroke from pointer down to up, and bumps the revision only when it ends", () => {
    const drawing = run({ type: "begin", x: 0.1, y: 0.2 }, { type: "extend", points: [0.3, 0.4] }, { type: "extend", points: [0.5, 0.6, 0.7, 0.8] });
    expect(drawing).toEqual({ strokes: [{ points: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] }], drawing: true, revision: 0, blank: true });
    expect(drawingReducer(drawing, { type: "end" })).toEqual({ ...drawing, drawing: false, revision: 1, blank: false });
  });

  it("ignores moves and ends that come without a pointer down", () => {
    expect(drawingReducer(emptyDrawing, { type: "extend", points: [1, 1] })).toBe(emptyDrawing);
    expect(drawingReducer(emptyDrawing, { type: "end" })).toBe(emptyDrawing);
    const finished = run({ type: "begin", x: 0, y: 0 }, { type: "end" });
    expect(drawingReducer(finished, { type: "extend", points: [1, 1] })).toBe(finished);
    expect(drawingReducer(finished, { type: "end" })).toBe(finished);
  });

  it("undoes the last finished stroke, blank again once none is left", () => {
    const two = run({ type: "begin", x: 0, y: 0 }, { type: "end" }, { type: "begin", x: 1, y: 1 }, { type: "end" });
    const one = drawingReducer(two, { type: "undo" });
    expect(one).toEqual({ strokes: [{ points: [0, 0] }], drawing: false, revision: 3, blank: false });
    expect(drawingReducer(one, { type: "undo" })).toEqual({ strokes: [], drawing: false, revision: 4, blank: true });
  });

  it("does not undo mid-stroke or on an empty canvas", () => {
    const midStroke = run({ type: "begin", x: 0, y: 0 });
    expect(drawingReducer(midStroke, { type: "undo" })).toBe(midStroke);
    expect(drawingReducer(emptyDrawing, { type: "undo" })).toBe(emptyDrawing);
  });

  it("clears everything, bumping the revision even when already empty so a pending prediction is dropped", () => {
    const drawn = run({ type: "begin", x: 0, y: 0 }, { type: "end" });
    expect(drawingReducer(drawn, { type: "clear" })).toEqual({ strokes: [], drawing: false, revision: 2, blank: true });
    expect(drawingReducer(emptyDrawing, { type: "clear" })).toEqual({ ...emptyDrawing, revision: 1 });
  });
});
