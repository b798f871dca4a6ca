import type { ErrorCode } from '../../../common/wire/signaling';

/** An expected refusal: becomes an `error` frame with this code, and changes nothing. */
export class RoomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
