import type { Request, Response } from "express";
import { readImageHeader } from "../inference/image-header.ts";
import { INPUT_SIDE } from "../inference/preprocess.ts";
import { grayPng } from "../lib/gray-png.ts";
import { parsePredictionId } from "../services/prediction-record.ts";
import type { Services } from "../services/services.ts";

/** A prediction's picture: it never changes, so browsers and proxies may keep it for good. */
function sendImage(res: Response, type: string, bytes: Buffer): void {
  res.status(200).type(type).set("Cache-Control", "public, max-age=31536000, immutable").set("X-Content-Type-Options", "nosniff").send(bytes);
}

const noSuchPrediction = (res: Response) => res.status(404).type("text/plain").send("No such prediction");

/** GET /predictions/:id/image.png (or .jpg): the drawing exactly as it was received. */
export function imageRoute(services: Services) {
  return async (req: Request<{ id: string }>, res: Response) => {
    const id = parsePredictionId(req.params.id);
    const bytes = id === null ? null : await services.store.image(id);
    if (!bytes) return void noSuchPrediction(res);
    const format = readImageHeader(Buffer.from(bytes))?.format ?? "png";
    sendImage(res, format === "jpeg" ? "image/jpeg" : "image/png", Buffer.from(bytes));
  };
}

/**
 * GET /predictions/:id/input.png: the 28x28 picture the model read (ink white on black, as in
 * MNIST), so people can see why a drawing was misread. Computing it decodes the drawing again,
 * so it is charged to the caller's rate budget like a prediction; the answer never changes.
 */
export function modelInputRoute(services: Services, clientIp: (req: Request) => string) {
  return async (req: Request<{ id: string }>, res: Response) => {
    const client = clientIp(req);
    const budget = await services.rateLimiter.consume(client, 1);
    if (!budget.allowed) {
      res.status(429).set("Retry-After", String(Math.ceil(budget.retryAfter))).type("text/plain").send("Too many requests");
      return;
    }
    const pixels = await services.predictions.modelInput(req.params.id, client).catch((error: unknown) => {
      services.logger.warn({ err: error, id: req.params.id }, "model input not computed");
      return undefined;
    });
    if (pixels === undefined) {
      res.status(503).type("text/plain").send("The model's view could not be computed");
      return;
    }
    if (!pixels) return void noSuchPrediction(res);
    sendImage(res, "image/png", grayPng(INPUT_SIDE, INPUT_SIDE, (x, y) => Math.round(Math.min(1, Math.max(0, pixels[y * INPUT_SIDE + x]!)) * 255)));
  };
}
