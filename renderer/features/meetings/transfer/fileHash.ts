/** SHA-256 of a File read in blocks into one buffer, so hashing a large file never holds it whole in memory. */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';
import { BlobReader } from './blobReader';

const BLOCK = 1024 * 1024;

export async function sha256OfFile(file: Blob, onProgress?: (hashed: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = sha256.create();
  const reader = new BlobReader(file);
  let buffer = new ArrayBuffer(Math.min(BLOCK, file.size));
  try {
    for (let offset = 0; offset < file.size; ) {
      signal?.throwIfAborted();
      const length = Math.min(BLOCK, file.size - offset);
      buffer = await reader.readInto(buffer, 0, length);
      hash.update(new Uint8Array(buffer, 0, length));
      offset += length;
      onProgress?.(offset);
    }
  } finally {
    reader.close();
  }
  return bytesToHex(hash.digest());
}
