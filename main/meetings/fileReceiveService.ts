/**
 * Receives files from meeting members: the renderer hands over chunks as they arrive, main
 * writes them at their offset into a hidden `.part` file inside the receive folder, and only a
 * file whose SHA-256 matches the offer is renamed into place. The hash grows with each write
 * (bytes arrive in order), so finishing never reads the file again. Nothing holds a whole file in
 * memory; a cancelled or failed receive leaves no file behind; an interrupted one keeps its
 * `.part` so the same transfer can resume where it stopped.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { RpcError } from '../../common/ipc/rpc';
import type { IncomingFile } from '../../common/ipc/contract';
import { resolveInside } from '../security/safePath';
import { numberedName, safeFileName } from './safeFileName';

export interface FileReceiveOptions {
  /** The receive folder now (the person may change it; a receive keeps the one it began in). */
  folder: string | (() => string);
  maxBytes: number;
}

interface Receive {
  file: IncomingFile;
  folder: string;
  name: string;
  partPath: string;
  handle: FileHandle;
  written: number;
  /** SHA-256 of the bytes written so far. */
  hash: Hash;
  /** Operations on one receive run one after another. */
  queue: Promise<unknown>;
}

export class FileReceiveService {
  private readonly receives = new Map<string, Receive>();

  constructor(private readonly options: FileReceiveOptions) {}

  settings() {
    return { folder: this.folder(), maxBytes: this.options.maxBytes };
  }

  async begin(file: IncomingFile): Promise<{ receiveId: string; fileName: string; offset: number }> {
    if (file.size > this.options.maxBytes) {
      throw new RpcError('forbidden', `The file is larger than the limit of ${this.options.maxBytes} bytes`);
    }
    const receiveId = `${file.peerId}-${file.transferId}`;
    const existing = this.receives.get(receiveId);
    if (existing) {
      // The same transfer again (the connection dropped and the sender resumed): carry on from disk.
      await existing.queue.catch(() => undefined);
      return { receiveId, fileName: existing.name, offset: existing.written };
    }
    const folder = this.folder();
    await mkdir(folder, { recursive: true });
    const name = await this.chooseName(folder, safeFileName(file.name), file.onExisting);
    const partPath = inside(folder, `.${file.transferId}.${file.peerId}.part`);
    const handle = await open(partPath, 'a+', 0o600);
    const written = Math.min((await handle.stat()).size, file.size);
    // A .part left by an earlier run: what it holds is hashed once, and the transfer resumes after it.
    const hash = await hashPrefix(partPath, written);
    const receive: Receive = { file, folder, name, partPath, handle, written, hash, queue: Promise.resolve() };
    this.receives.set(receiveId, receive);
    return { receiveId, fileName: name, offset: written };
  }

  write(receiveId: string, offset: number, data: Uint8Array): Promise<{ received: number }> {
    const receive = this.get(receiveId);
    return this.enqueue(receive, async () => {
      if (offset !== receive.written) throw new RpcError('conflict', `Expected bytes at offset ${receive.written}, got ${offset}`);
      if (offset + data.length > receive.file.size) throw new RpcError('invalid-input', 'More bytes than the offered size');
      await receive.handle.write(data, 0, data.length, offset);
      receive.hash.update(data);
      receive.written += data.length;
      return { received: receive.written };
    });
  }

  finish(receiveId: string): Promise<{ ok: boolean; path: string | null; sha256: string }> {
    const receive = this.get(receiveId);
    return this.enqueue(receive, async () => {
      if (receive.written !== receive.file.size) {
        throw new RpcError('conflict', `Only ${receive.written} of ${receive.file.size} bytes arrived`);
      }
      await receive.handle.close();
      this.receives.delete(receiveId);
      const sha256 = receive.hash.digest('hex');
      if (sha256 !== receive.file.sha256) {
        await unlink(receive.partPath).catch(() => undefined);
        return { ok: false, path: null, sha256 };
      }
      // The name was free at begin; if something took it since, keep both unless asked to replace.
      const name = receive.file.onExisting === 'replace' ? receive.name : await this.chooseName(receive.folder, receive.name, 'rename');
      const target = inside(receive.folder, name);
      await rename(receive.partPath, target);
      return { ok: true, path: target, sha256 };
    });
  }

  async cancel(receiveId: string): Promise<void> {
    const receive = this.receives.get(receiveId);
    if (!receive) return;
    this.receives.delete(receiveId);
    await receive.queue.catch(() => undefined);
    await receive.handle.close().catch(() => undefined);
    await unlink(receive.partPath).catch(() => undefined);
  }

  /** Closes open files, keeping `.part` files so transfers can resume after a restart. */
  async dispose(): Promise<void> {
    for (const receive of this.receives.values()) await receive.handle.close().catch(() => undefined);
    this.receives.clear();
  }

  private get(receiveId: string): Receive {
    const receive = this.receives.get(receiveId);
    if (!receive) throw new RpcError('not-found', 'No such receive (cancelled or finished)');
    return receive;
  }

  private enqueue<T>(receive: Receive, work: () => Promise<T>): Promise<T> {
    const run = receive.queue.catch(() => undefined).then(work);
    receive.queue = run;
    return run;
  }

  private folder(): string {
    const { folder } = this.options;
    return typeof folder === 'function' ? folder() : folder;
  }

  private async chooseName(folder: string, name: string, onExisting: IncomingFile['onExisting']): Promise<string> {
    if (onExisting === 'replace' || !(await exists(inside(folder, name)))) return name;
    if (onExisting === 'ask') throw new RpcError('conflict', `A file named "${name}" already exists`);
    for (let n = 1; n < 1000; n++) {
      const candidate = numberedName(name, n);
      if (!(await exists(inside(folder, candidate)))) return candidate;
    }
    throw new RpcError('conflict', `Too many files named like "${name}"`);
  }
}

function inside(folder: string, name: string): string {
  const target = resolveInside(folder, name);
  if (!target) throw new RpcError('invalid-input', 'The file name leaves the receive folder');
  return target;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The SHA-256 state after the first `bytes` bytes of a file. */
function hashPrefix(file: string, bytes: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (bytes === 0) return Promise.resolve(hash);
  return new Promise((resolve, reject) => {
    createReadStream(file, { end: bytes - 1 })
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash))
      .on('error', reject);
  });
}
