import { AppError, ErrorCode } from "../lib/errors.ts";

/** The codes an image can be refused with. */
export type ImageRejectionCode = typeof ErrorCode.INVALID_IMAGE | typeof ErrorCode.EMPTY_CANVAS | typeof ErrorCode.IMAGE_TOO_LARGE;

const REJECTION_CODES: ReadonlySet<string> = new Set<ImageRejectionCode>([ErrorCode.INVALID_IMAGE, ErrorCode.EMPTY_CANVAS, ErrorCode.IMAGE_TOO_LARGE]);

export const isImageRejectionCode = (code: string): code is ImageRejectionCode => REJECTION_CODES.has(code);

/**
 * An image that cannot become a model input, and why. Thrown by the image code on any thread;
 * `index` says which image of a group it was, once the group knows.
 */
export class ImageRejected extends AppError {
  constructor(
    override readonly code: ImageRejectionCode,
    message: string,
    readonly index?: number,
  ) {
    super(code, message, index === undefined ? {} : { index });
    this.name = "ImageRejected";
  }

  /** The same rejection, as the image at `index` of its group. */
  at(index: number): ImageRejected {
    return new ImageRejected(this.code, this.message, index);
  }
}

/** Marks an image rejection with the index of the image that caused it; other errors pass unchanged. */
export const rejectedAt =
  (index: number) =>
  (error: unknown): never => {
    throw error instanceof ImageRejected ? error.at(index) : error;
  };
