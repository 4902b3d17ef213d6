import { useRef, type PointerEvent } from "react";
import type { DrawingAction } from "./strokes.ts";

/**
 * Pointer Events on the canvas box turn mouse, pen and touch alike into strokes. One pointer draws
 * at a time (a second finger is ignored), and pointer capture keeps a stroke going outside the box.
 */
export function usePointerStrokes(dispatch: (action: DrawingAction) => void) {
  const activePointer = useRef<number | null>(null);

  const toPoint = (event: { clientX: number; clientY: number }, box: DOMRect) => [
    clamp((event.clientX - box.left) / box.width),
    clamp((event.clientY - box.top) / box.height),
  ];

  const onPointerDown = (event: PointerEvent<HTMLElement>) => {
    if (activePointer.current !== null || (event.pointerType === "mouse" && event.button !== 0)) return;
    event.preventDefault();
    activePointer.current = event.pointerId;
    event.currentTarget.setPointerCapture(event.pointerId);
    const [x = 0, y = 0] = toPoint(event, event.currentTarget.getBoundingClientRect());
    dispatch({ type: "begin", x, y });
  };

  const onPointerMove = (event: PointerEvent<HTMLElement>) => {
    if (event.pointerId !== activePointer.current) return;
    const box = event.currentTarget.getBoundingClientRect();
    // Coalesced events carry the samples between frames: smoother curves from fast pens.
    const samples = event.nativeEvent.getCoalescedEvents?.() ?? [];
    const points = (samples.length > 0 ? samples : [event]).flatMap((sample) => toPoint(sample, box));
    dispatch({ type: "extend", points });
  };

  const onPointerEnd = (event: PointerEvent<HTMLElement>) => {
    if (event.pointerId !== activePointer.current) return;
    activePointer.current = null;
    dispatch({ type: "end" });
  };

  return { onPointerDown, onPointerMove, onPointerUp: onPointerEnd, onPointerCancel: onPointerEnd, onLostPointerCapture: onPointerEnd };
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));
