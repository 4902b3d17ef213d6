import type { Request, Response } from "express";
import { readImageHeader } from "../inference/image-header.ts";
import { parsePredictionId } from "../services/prediction-record.ts";
import type { Services } from "../services/services.ts";

/** GET /predictions/:id/image.png: the drawing exactly as it was received. Images never change. */
export function imageRoute(services: Services) {
  return async (req: Request<{ id: string }>, res: Response) => {
    const id = parsePredictionId(req.params.id);
    const bytes = id === null ? null : await services.store.image(id);
    if (!bytes) {
      res.status(404).type("text/plain").send("No such prediction");
      return;
    }
    const format = readImageHeader(Buffer.from(bytes))?.format ?? "png";
    res
      .status(200)
      .type(format === "jpeg" ? "image/jpeg" : "image/png")
      .set("Cache-Control", "public, max-age=31536000, immutable")
      .set("X-Content-Type-Options", "nosniff")
      .send(Buffer.from(bytes));
  };
}
