import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IncomingFile } from '../../common/ipc/contract';
import { FILE_CHUNK_BYTES } from '../../common/wire/fileTransfer';
import { FileReceiveService } from './fileReceiveService';
import { safeFileName } from './safeFileName';

const folder = () => mkdtempSync(path.join(os.tmpdir(), 'meshwork-recv-'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function offer(data: Buffer, over: Partial<IncomingFile> = {}): IncomingFile {
  return { peerId: 'peer-1', transferId: 'AbCdEfGh12345678', name: 'report.bin', size: data.length, sha256: sha(data), onExisting: 'ask', ...over };
}

async function sendAll(service: FileReceiveService, receiveId: string, data: Buffer, from = 0) {
  for (let offset = from; offset < data.length; offset += FILE_CHUNK_BYTES) {
    await service.write(receiveId, offset, data.subarray(offset, offset + FILE_CHUNK_BYTES));
  }
}

describe('FileReceiveService', () => {
  it('writes chunks to a hidden part file and renames it into place when the hash matches', async () => {
    const dir = folder();
    const service = new FileReceiveService({ folder: dir, maxBytes: 1e9 });
    const data = randomBytes(300_000);
    const { receiveId, offset } = await service.begin(offer(data));
    expect(offset).toBe(0);
    await sendAll(service, receiveId, data);
    const done = await service.finish(receiveId);
    expect(done).toEqual({ ok: true, path: path.join(dir, 'report.bin'), sha256: sha(data) });
    expect(readFileSync(done.path!).equals(data)).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.bin']);
  });

  it('deletes the bytes when the hash does not match', async () => {
    const dir = folder();
    const service = new FileReceiveService({ folder: dir, maxBytes: 1e9 });
    const data = randomBytes(1000);
    const { receiveId } = await service.begin(offer(data, { sha256: 'a'.repeat(64) }));
    await sendAll(service, receiveId, data);
    expect((await service.finish(receiveId)).ok).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cancel leaves no partial file', async () => {
    const dir = folder();
    const service = new FileReceiveService({ folder: dir, maxBytes: 1e9 });
    const data = randomBytes(200_000);
    const { receiveId } = await service.begin(offer(data));
    await service.write(receiveId, 0, data.subarray(0, FILE_CHUNK_BYTES));
    expect(readdirSync(dir)).toHaveLength(1);
    await service.cancel(receiveId);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('resumes an interrupted receive from the bytes already on disk, even after a restart', async () => {
    const dir = folder();
    const data = randomBytes(250_000);
    const first = new FileReceiveService({ folder: dir, maxBytes: 1e9 });
    const { receiveId } = await first.begin(offer(data));
    await first.write(receiveId, 0, data.subarray(0, FILE_CHUNK_BYTES));
    await first.dispose();
    const second = new FileReceiveService({ folder: dir, maxBytes: 1e9 });
    const again = await second.begin(offer(data));
    expect(again.offset).toBe(FILE_CHUNK_BYTES);
    await sendAll(second, again.receiveId, data, again.offset);
    const done = await second.finish(again.receiveId);
    expect(done.ok).toBe(true);
    expect(readFileSync(done.path!).equals(data)).toBe(true);
  });

  it('refuses out-of-order bytes, oversize files and overwriting without asking', async () => {
    const dir = folder();
    const service = new FileReceiveService({ folder: dir, maxBytes: 10_000 });
    const data = randomBytes(5000);
    await expect(service.begin(offer(randomBytes(20_000)))).rejects.toThrow(/limit/);
    const { receiveId } = await service.begin(offer(data));
    await expect(service.write(receiveId, 100, data.subarray(0, 10))).rejects.toThrow(/offset 0/);
    await expect(service.finish(receiveId)).rejects.toThrow(/Only 0 of 5000/);
    writeFileSync(path.join(dir, 'taken.txt'), 'mine');
    await expect(service.begin(offer(data, { name: 'taken.txt', transferId: 'ZZZZZZZZZZZZZZZZ' }))).rejects.toThrow(/already exists/);
    const kept = await service.begin(offer(data, { name: 'taken.txt', transferId: 'YYYYYYYYYYYYYYYY', onExisting: 'rename' }));
    expect(kept.fileName).toBe('taken (1).txt');
    expect(readFileSync(path.join(dir, 'taken.txt'), 'utf8')).toBe('mine');
  });

  it('keeps hostile names inside the folder', async () => {
    const dir = folder();
    const service = new FileReceiveService({ folder: dir, maxBytes: 1e9 });
    const data = randomBytes(10);
    for (const [i, name] of ['../../etc/passwd', '..', '/abs/path', 'a\\..\\..\\b', '.bashrc', 'CON', 'x\u0000y'].entries()) {
      const { receiveId, fileName } = await service.begin(offer(data, { name, transferId: `T${String(i).padStart(15, '0')}` }));
      await service.write(receiveId, 0, data);
      const done = await service.finish(receiveId);
      expect(path.dirname(done.path!)).toBe(dir);
      expect(fileName.startsWith('.')).toBe(false);
    }
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('CON')).toBe('_CON');
  });
});
