/** SHA-256 of a File read in slices, so hashing a large file never holds it whole in memory. */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';

const SLICE = 4 * 1024 * 1024;

export async function sha256OfFile(file: Blob, onProgress?: (hashed: number) => void): Promise<string> {
  const hash = sha256.create();
  for (let offset = 0; offset < file.size; offset += SLICE) {
    hash.update(new Uint8Array(await file.slice(offset, offset + SLICE).arrayBuffer()));
    onProgress?.(Math.min(file.size, offset + SLICE));
  }
  return bytesToHex(hash.digest());
}
