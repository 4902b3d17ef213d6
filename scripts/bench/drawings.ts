import { canvasOfDigit, dataUrl } from "../lib/canvases.ts";

/** The first ten MNIST test digits on a 280x280 canvas, as PNG data URLs, as the browser sends them. */
export async function benchImages(): Promise<string[]> {
  const canvases = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => canvasOfDigit(i)));
  return canvases.map((c) => dataUrl(c.png));
}

/** One `predictDigit` request body per image: the load runs post them in turn. */
export const predictRequests = (images: string[]) =>
  images.map((image) => ({ query: "mutation($image: String!) { predictDigit(image: $image) { id digit confidence } }", variables: { image } }));
