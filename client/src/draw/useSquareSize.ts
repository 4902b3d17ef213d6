import { useLayoutEffect, useState, type RefObject } from "react";

/** Side of a square that fills the element's width, capped: the canvas scales with the screen. */
export function useSquareSize(ref: RefObject<HTMLElement | null>, max: number): number {
  const [size, setSize] = useState(max);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => setSize(Math.max(1, Math.min(max, Math.floor(element.clientWidth))));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, max]);
  return size;
}
