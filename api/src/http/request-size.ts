/** Largest request, as an HTTP body or a WebSocket message: a batch of canvases, or one image at the size limit in base64. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/** The same limit as express.json takes it and people write it ("8mb"). */
export const MAX_REQUEST_TEXT = `${MAX_REQUEST_BYTES / (1024 * 1024)}mb`;
