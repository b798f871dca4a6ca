/**
 * File transfer between meeting members. Control messages (offer, accept, ...) travel on the
 * meeting control channel as JSON; the bytes travel on their own data channel
 * (FILE_CHANNEL_LABEL) as binary frames: a fixed header naming the transfer and the offset,
 * then up to FILE_CHUNK_BYTES of data. Chunks stay far below Chromium's 256 KiB message limit.
 */
import { z } from 'zod';

export const FILE_CHANNEL_LABEL = 'meshwork-file';
export const FILE_CHUNK_BYTES = 64 * 1024;
export const TRANSFER_ID_LENGTH = 16;
/** version (1) + transfer id (16 ASCII) + offset (float64). */
export const FILE_FRAME_HEADER_BYTES = 1 + TRANSFER_ID_LENGTH + 8;
const FRAME_VERSION = 1;

export const TransferIdSchema = z.string().regex(new RegExp(`^[A-Za-z0-9]{${TRANSFER_ID_LENGTH}}$`));
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);
/** 1 TiB: the real limit is the receiver's configured one. */
export const FileSizeSchema = z.number().int().min(0).max(2 ** 40);

/** A file name as offered by a peer: shown to the person, never trusted as a path. */
export const OfferedFileNameSchema = z.string().min(1).max(255);

export const FileControlSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('file.offer'),
    transferId: TransferIdSchema,
    name: OfferedFileNameSchema,
    size: FileSizeSchema,
    sha256: Sha256HexSchema,
    mime: z.string().max(128).optional(),
  }),
  /** The receiver wants the bytes from `offset` on (0, or where a dropped transfer stopped). */
  z.object({ type: z.literal('file.accept'), transferId: TransferIdSchema, offset: FileSizeSchema }),
  z.object({ type: z.literal('file.decline'), transferId: TransferIdSchema, reason: z.string().max(200) }),
  z.object({ type: z.literal('file.cancel'), transferId: TransferIdSchema, reason: z.string().max(200) }),
  /** How many bytes the receiver has written to disk: the sender keeps a bounded window ahead of it. */
  z.object({ type: z.literal('file.progress'), transferId: TransferIdSchema, received: FileSizeSchema }),
  /** Receiver's verdict once every byte is written and hashed. */
  z.object({ type: z.literal('file.complete'), transferId: TransferIdSchema, ok: z.boolean(), error: z.string().max(200).optional() }),
]);
export type FileControl = z.infer<typeof FileControlSchema>;

export interface FileChunkFrame {
  transferId: string;
  offset: number;
  data: Uint8Array;
}

const ASCII_ID = /^[A-Za-z0-9]+$/;

export function encodeFileChunk(transferId: string, offset: number, data: Uint8Array): Uint8Array<ArrayBuffer> {
  if (data.byteLength > FILE_CHUNK_BYTES) throw new Error(`Chunks are at most ${FILE_CHUNK_BYTES} bytes`);
  const frame = new Uint8Array(FILE_FRAME_HEADER_BYTES + data.byteLength);
  frame.set(data, FILE_FRAME_HEADER_BYTES);
  writeFileChunkHeader(frame, transferId, offset);
  return frame;
}

/**
 * Writes the header in front of a chunk already placed at FILE_FRAME_HEADER_BYTES, so a sender
 * can read file data straight into one frame buffer that it reuses for every chunk.
 */
export function writeFileChunkHeader(frame: Uint8Array, transferId: string, offset: number): void {
  if (transferId.length !== TRANSFER_ID_LENGTH || !ASCII_ID.test(transferId)) throw new Error('Bad transfer id');
  frame[0] = FRAME_VERSION;
  for (let i = 0; i < TRANSFER_ID_LENGTH; i++) frame[1 + i] = transferId.charCodeAt(i);
  new DataView(frame.buffer, frame.byteOffset, FILE_FRAME_HEADER_BYTES).setFloat64(1 + TRANSFER_ID_LENGTH, offset);
}

/** Returns the chunk, or an error text for a frame that is not one (it is then dropped). */
export function decodeFileChunk(frame: Uint8Array): FileChunkFrame | { error: string } {
  if (frame.byteLength < FILE_FRAME_HEADER_BYTES) return { error: 'Frame shorter than its header' };
  if (frame.byteLength > FILE_FRAME_HEADER_BYTES + FILE_CHUNK_BYTES) return { error: 'Frame larger than a chunk' };
  if (frame[0] !== FRAME_VERSION) return { error: `Unknown frame version ${frame[0]}` };
  const transferId = String.fromCharCode(...frame.subarray(1, 1 + TRANSFER_ID_LENGTH));
  if (!ASCII_ID.test(transferId)) return { error: 'Bad transfer id' };
  const offset = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getFloat64(1 + TRANSFER_ID_LENGTH);
  if (!Number.isSafeInteger(offset) || offset < 0) return { error: 'Bad offset' };
  return { transferId, offset, data: frame.subarray(FILE_FRAME_HEADER_BYTES) };
}
