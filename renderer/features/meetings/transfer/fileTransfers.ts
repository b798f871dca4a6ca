/**
 * File transfer over the mesh. The sender hashes the file, offers it, and once accepted streams
 * 64 KiB binary frames on the peer's file channel, pausing whenever the channel's buffer is
 * high (Chromium closes a channel whose buffer passes ~16 MB) or the receiver has fallen more
 * than a window behind on disk. The receiver hands chunks to main, which writes them; main's
 * SHA-256 check decides success. A transfer cut off by a dropped connection is offered again
 * when the link is back, and the receiver asks only for the bytes it does not have.
 */
import type { MeshworkApi } from '../../../../common/ipc/contract';
import type { MeetingMessage } from '../../../../common/wire/meeting';
import {
  decodeFileChunk,
  FILE_CHUNK_BYTES,
  FILE_FRAME_HEADER_BYTES,
  writeFileChunkHeader,
  type FileControl,
} from '../../../../common/wire/fileTransfer';
import type { AppDispatch } from '../../../app/store';
import { meetingsActions as A, type TransferStatus, type TransferView } from '../meetingsSlice';
import type { PeerLink } from '../mesh/peerLink';
import { BlobReader, FileReadError } from './blobReader';
import { sha256OfFile } from './fileHash';

export interface FileTransfersOptions {
  api: MeshworkApi;
  dispatch: AppDispatch;
  send(to: string, message: MeetingMessage): boolean;
  link(memberId: string): PeerLink | undefined;
  nameOf(memberId: string): string;
}

const BUFFER_HIGH = 4 * 1024 * 1024;
const BUFFER_LOW = 1024 * 1024;
/**
 * How far the sender may run ahead of what the receiver has on disk. At 16 MiB a receiver whose
 * writes lagged for a moment stalled the sender (up to 0.8 s of a 50 MB transfer).
 */
const DISK_WINDOW = 32 * 1024 * 1024;
/**
 * Chunks are handed to main in batches of up to this many bytes, as raw bytes (one IPC call
 * each, no base64): few enough calls that their round trips and per-call work stay small.
 */
const WRITE_BATCH = 16 * FILE_CHUNK_BYTES;
/** The receiver reports bytes on disk this often (a quarter of the sender's window). */
const PROGRESS_EVERY = DISK_WINDOW / 4;
/** Progress alone re-renders the transfer list at most this often; status changes go at once. */
const UI_PROGRESS_MS = 250;

interface Outgoing {
  key: string;
  transferId: string;
  peerId: string;
  file: File;
  sha256: string;
  status: TransferStatus;
  /** Bytes hashed so far, while preparing. */
  hashed: number;
  /** Next byte to send. */
  sent: number;
  /** What the receiver reported written. */
  acked: number;
  run: number;
  meter: RateMeter;
}

interface Incoming {
  key: string;
  transferId: string;
  peerId: string;
  name: string;
  size: number;
  sha256: string;
  status: TransferStatus;
  receiveId: string | null;
  /** Next byte expected from the channel. */
  expected: number;
  written: number;
  lastReported: number;
  /**
   * Chunks not yet handed to main, copied straight into one buffer kept for the whole transfer:
   * IPC copies the bytes when a write is called, and fresh memory per batch costs more than the copy.
   */
  batch: Uint8Array<ArrayBuffer> | null;
  batchBytes: number;
  batchOffset: number;
  writing: Promise<void>;
  meter: RateMeter;
}

export class FileTransfers {
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly incoming = new Map<string, Incoming>();
  private readonly attached = new WeakSet<RTCDataChannel>();
  /** What each row last showed, to skip progress-only updates that come too fast to see. */
  private readonly shown = new Map<string, { status: TransferStatus; at: number }>();
  private disposed = false;

  constructor(private readonly options: FileTransfersOptions) {}

  /** Listens on a new link's file channel. */
  attach(memberId: string, link: PeerLink): void {
    const channel = link.channel('meshwork-file');
    if (this.attached.has(channel)) return;
    this.attached.add(channel);
    channel.bufferedAmountLowThreshold = BUFFER_LOW;
    channel.addEventListener('message', (event: MessageEvent) => {
      if (event.data instanceof ArrayBuffer) this.onChunk(memberId, new Uint8Array(event.data));
    });
  }

  /**
   * The rows appear at once, as "Checking the file": hashing reads the whole file first, which
   * takes a while for a large one, and the person may cancel meanwhile. The offers go out once
   * the hash is known.
   */
  async sendFile(file: File, to: string[]): Promise<void> {
    const transfers = to.map((peerId) => {
      const transferId = randomTransferId();
      const t: Outgoing = { key: `out:${peerId}:${transferId}`, transferId, peerId, file, sha256: '', status: 'preparing', hashed: 0, sent: 0, acked: 0, run: 0, meter: new RateMeter() };
      this.outgoing.set(transferId, t);
      this.publishOut(t);
      return t;
    });
    const preparing = () => transfers.filter((t) => t.status === 'preparing');
    const stop = new AbortController();
    let sha256: string;
    try {
      sha256 = await sha256OfFile(
        file,
        (hashed) => {
          for (const t of preparing()) {
            t.hashed = hashed;
            this.publishOut(t);
          }
          if (preparing().length === 0) stop.abort();
        },
        stop.signal,
      );
    } catch (error) {
      for (const t of preparing()) {
        t.status = 'failed';
        this.publishOut(t, error instanceof Error ? error.message : String(error));
      }
      return;
    }
    for (const t of preparing()) {
      t.sha256 = sha256;
      this.offer(t);
    }
  }

  accept(key: string, onExisting: 'ask' | 'rename' | 'replace' = 'ask'): Promise<void> {
    const t = [...this.incoming.values()].find((x) => x.key === key);
    return t ? this.begin(t, onExisting) : Promise.resolve();
  }

  decline(key: string): void {
    const t = [...this.incoming.values()].find((x) => x.key === key);
    if (!t || (t.status !== 'offered' && t.status !== 'conflict')) return;
    t.status = 'declined';
    this.options.send(t.peerId, { type: 'file.decline', transferId: t.transferId, reason: 'Declined' });
    this.publishIn(t);
  }

  async cancel(key: string): Promise<void> {
    const out = [...this.outgoing.values()].find((x) => x.key === key);
    if (out && !isFinal(out.status)) {
      // Nothing was offered yet while preparing: the member never hears of it.
      if (out.status !== 'preparing') this.options.send(out.peerId, { type: 'file.cancel', transferId: out.transferId, reason: 'Cancelled by the sender' });
      out.status = 'cancelled';
      out.run++;
      this.publishOut(out);
    }
    const inc = [...this.incoming.values()].find((x) => x.key === key);
    if (inc && !isFinal(inc.status)) {
      this.options.send(inc.peerId, { type: 'file.cancel', transferId: inc.transferId, reason: 'Cancelled by the receiver' });
      await this.dropIncoming(inc, 'cancelled', null);
    }
  }

  onControl(from: string, message: MeetingMessage): void {
    if (!message.type.startsWith('file.')) return;
    const control = message as FileControl;
    switch (control.type) {
      case 'file.offer':
        return void this.onOffer(from, control);
      case 'file.accept': {
        const t = this.outgoing.get(control.transferId);
        if (!t || t.peerId !== from || isFinal(t.status) || control.offset > t.file.size) return;
        t.sent = control.offset;
        t.acked = control.offset;
        t.status = 'sending';
        t.meter.reset(control.offset);
        this.publishOut(t);
        void this.pump(t);
        return;
      }
      case 'file.progress': {
        const t = this.outgoing.get(control.transferId);
        if (!t || t.peerId !== from) return;
        t.acked = Math.max(t.acked, Math.min(control.received, t.file.size));
        this.publishOut(t);
        return;
      }
      case 'file.decline': {
        const t = this.outgoing.get(control.transferId);
        if (!t || t.peerId !== from || isFinal(t.status)) return;
        t.status = 'declined';
        t.run++;
        this.publishOut(t, control.reason);
        return;
      }
      case 'file.cancel': {
        const out = this.outgoing.get(control.transferId);
        if (out && out.peerId === from && !isFinal(out.status)) {
          out.status = 'cancelled';
          out.run++;
          this.publishOut(out, control.reason);
        }
        const inc = this.incoming.get(`${from}:${control.transferId}`);
        if (inc && !isFinal(inc.status)) void this.dropIncoming(inc, 'cancelled', control.reason);
        return;
      }
      case 'file.complete': {
        const t = this.outgoing.get(control.transferId);
        if (!t || t.peerId !== from || isFinal(t.status)) return;
        t.status = control.ok ? 'done' : 'failed';
        if (control.ok) t.acked = t.file.size;
        this.publishOut(t, control.ok ? null : (control.error ?? 'The receiver could not verify the file'));
        return;
      }
    }
  }

  /** The link to a member is (back) up: transfers cut off by the drop are offered again. */
  peerConnected(memberId: string): void {
    for (const t of this.outgoing.values()) {
      if (t.peerId === memberId && t.status === 'paused') this.offer(t);
    }
  }

  /** The link dropped: receives from that member wait for the sender to offer again. */
  peerDisconnected(memberId: string): void {
    for (const t of this.incoming.values()) {
      if (t.peerId === memberId && t.status === 'receiving') {
        t.status = 'paused';
        this.publishIn(t, 'Connection lost: resumes when the member is back');
      }
    }
  }

  /** The member left the room: nothing of theirs can finish. */
  peerGone(memberId: string): void {
    for (const t of this.outgoing.values()) {
      if (t.peerId === memberId && !isFinal(t.status)) {
        t.status = 'failed';
        t.run++;
        this.publishOut(t, 'The member left');
      }
    }
    for (const t of this.incoming.values()) {
      // Their partial file stays on disk only while a resume is possible; a member who left cannot.
      if (t.peerId === memberId && !isFinal(t.status)) void this.dropIncoming(t, 'failed', 'The sender left');
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.outgoing.values()) t.run++;
  }

  private offer(t: Outgoing): void {
    const sent = this.options.send(t.peerId, {
      type: 'file.offer',
      transferId: t.transferId,
      name: t.file.name.slice(0, 255) || 'file',
      size: t.file.size,
      sha256: t.sha256,
      ...(t.file.type ? { mime: t.file.type.slice(0, 128) } : {}),
    });
    t.status = sent ? 'waiting' : 'paused';
    this.publishOut(t);
  }

  private async pump(t: Outgoing): Promise<void> {
    const run = ++t.run;
    const link = this.options.link(t.peerId);
    if (!link) return this.pause(t);
    const channel = link.channel('meshwork-file');
    let reader: BlobReader | null = null;
    try {
      await waitOpen(channel);
      reader = new BlobReader(t.file.slice(t.sent));
      // One frame buffer for the whole file, read into in place: send() copies what it is given.
      let frame = new ArrayBuffer(FILE_FRAME_HEADER_BYTES + FILE_CHUNK_BYTES);
      while (t.sent < t.file.size) {
        if (t.run !== run) return;
        if (channel.readyState !== 'open') return this.pause(t);
        while (channel.bufferedAmount > BUFFER_HIGH || t.sent - t.acked > DISK_WINDOW) {
          await waitDrain(channel, () => t.sent - t.acked <= DISK_WINDOW);
          if (t.run !== run) return;
          if (channel.readyState !== 'open') return this.pause(t);
        }
        const length = Math.min(FILE_CHUNK_BYTES, t.file.size - t.sent);
        frame = await reader.readInto(frame, FILE_FRAME_HEADER_BYTES, length);
        if (t.run !== run) return;
        const bytes = new Uint8Array(frame, 0, FILE_FRAME_HEADER_BYTES + length);
        writeFileChunkHeader(bytes, t.transferId, t.sent);
        channel.send(bytes);
        t.sent += length;
        t.meter.add(t.sent);
        this.publishOut(t);
      }
      t.status = 'verifying';
      this.publishOut(t);
    } catch (error) {
      if (t.run !== run) return;
      if (!(error instanceof FileReadError)) return this.pause(t);
      t.status = 'failed';
      t.run++;
      this.options.send(t.peerId, { type: 'file.cancel', transferId: t.transferId, reason: 'The sender could not read the file' });
      this.publishOut(t, error.message);
    } finally {
      reader?.close();
    }
  }

  private pause(t: Outgoing): void {
    if (isFinal(t.status)) return;
    t.status = 'paused';
    t.run++;
    this.publishOut(t, 'Connection lost: resumes when the member is back');
  }

  private async onOffer(from: string, offer: Extract<FileControl, { type: 'file.offer' }>): Promise<void> {
    const key = `${from}:${offer.transferId}`;
    const known = this.incoming.get(key);
    if (known) {
      // The sender offers again after a drop: let queued writes finish, forget chunks not yet
      // handed to main, and ask for the bytes from where the file on disk ends.
      if (known.status === 'paused' || known.status === 'receiving') {
        known.status = 'paused';
        await known.writing.catch(() => undefined);
        await this.begin(known, 'rename');
      }
      return;
    }
    const t: Incoming = {
      key: `in:${key}`,
      transferId: offer.transferId,
      peerId: from,
      name: offer.name,
      size: offer.size,
      sha256: offer.sha256,
      status: 'offered',
      receiveId: null,
      expected: 0,
      written: 0,
      lastReported: 0,
      batch: null,
      batchBytes: 0,
      batchOffset: 0,
      writing: Promise.resolve(),
      meter: new RateMeter(),
    };
    this.incoming.set(key, t);
    const { maxBytes } = await this.options.api.files.settings();
    if (offer.size > maxBytes) {
      t.status = 'declined';
      this.options.send(from, { type: 'file.decline', transferId: offer.transferId, reason: `Larger than the receiver's limit (${maxBytes} bytes)` });
      this.publishIn(t, `Refused: larger than the limit of ${formatBytes(maxBytes)}`);
      return;
    }
    this.publishIn(t);
  }

  private async begin(t: Incoming, onExisting: 'ask' | 'rename' | 'replace'): Promise<void> {
    try {
      const start = await this.options.api.files.begin({
        peerId: t.peerId,
        transferId: t.transferId,
        name: t.name,
        size: t.size,
        sha256: t.sha256,
        onExisting,
      });
      t.receiveId = start.receiveId;
      t.name = start.fileName;
      t.expected = start.offset;
      t.written = start.offset;
      t.batchBytes = 0;
      t.batchOffset = start.offset;
      t.status = 'receiving';
      t.meter.reset(start.offset);
      this.publishIn(t);
      if (start.offset === t.size) return this.complete(t);
      this.options.send(t.peerId, { type: 'file.accept', transferId: t.transferId, offset: start.offset });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/already exists/.test(message)) {
        t.status = 'conflict';
        this.publishIn(t, message);
      } else {
        t.status = 'failed';
        this.options.send(t.peerId, { type: 'file.decline', transferId: t.transferId, reason: message.slice(0, 200) });
        this.publishIn(t, message);
      }
    }
  }

  private onChunk(from: string, frame: Uint8Array): void {
    const chunk = decodeFileChunk(frame);
    if ('error' in chunk) return;
    const t = this.incoming.get(`${from}:${chunk.transferId}`);
    // Bytes for a transfer we did not accept, or out of order, change nothing.
    if (!t || t.status !== 'receiving' || chunk.offset !== t.expected) return;
    if (chunk.data.length === 0 || t.expected + chunk.data.length > t.size) return;
    // A chunk that does not fit (a peer's odd chunk sizes) sends the batch so far first.
    t.batch ??= new Uint8Array(Math.min(WRITE_BATCH, t.size));
    if (t.batchBytes + chunk.data.length > t.batch.byteLength) this.flush(t);
    t.batch.set(chunk.data, t.batchBytes);
    t.batchBytes += chunk.data.length;
    t.expected += chunk.data.length;
    t.meter.add(t.expected);
    if (t.batchBytes === t.batch.byteLength || t.expected === t.size) this.flush(t);
  }

  private flush(t: Incoming): void {
    const offset = t.batchOffset;
    const bytes = t.batchBytes;
    const joined = t.batch!.subarray(0, bytes);
    t.batchBytes = 0;
    t.batchOffset += bytes;
    const receiveId = t.receiveId!;
    // Writes go out at once (main applies them in arrival order); their answers are handled in
    // order. Several in flight hide the IPC round trip; the sender's disk window bounds them.
    const write = t.status === 'receiving' ? this.options.api.files.write(receiveId, offset, joined) : null;
    write?.catch(() => undefined);
    t.writing = t.writing.then(async () => {
      if (!write || t.status !== 'receiving' || t.receiveId !== receiveId) return;
      try {
        const { received } = await write;
        t.written = received;
        if (received - t.lastReported >= PROGRESS_EVERY || received === t.size) {
          t.lastReported = received;
          this.options.send(t.peerId, { type: 'file.progress', transferId: t.transferId, received });
          this.publishIn(t);
        }
        if (received === t.size) await this.complete(t);
      } catch (error) {
        if (t.status === 'receiving') {
          this.options.send(t.peerId, { type: 'file.cancel', transferId: t.transferId, reason: 'The receiver could not write the file' });
          await this.dropIncoming(t, 'failed', error instanceof Error ? error.message : String(error));
        }
      }
    });
  }

  private async complete(t: Incoming): Promise<void> {
    t.status = 'verifying';
    this.publishIn(t);
    try {
      const result = await this.options.api.files.finish(t.receiveId!);
      t.status = result.ok ? 'done' : 'failed';
      this.options.send(t.peerId, { type: 'file.complete', transferId: t.transferId, ok: result.ok, ...(result.ok ? {} : { error: 'SHA-256 mismatch' }) });
      this.publishIn(t, result.ok ? null : 'The file did not match its SHA-256 and was deleted', result.path);
    } catch (error) {
      t.status = 'failed';
      this.options.send(t.peerId, { type: 'file.complete', transferId: t.transferId, ok: false, error: 'The receiver could not finish the file' });
      this.publishIn(t, error instanceof Error ? error.message : String(error));
    }
  }

  private async dropIncoming(t: Incoming, status: 'cancelled' | 'failed', reason: string | null): Promise<void> {
    t.status = status;
    this.publishIn(t, reason);
    await t.writing.catch(() => undefined);
    if (t.receiveId) await this.options.api.files.cancel(t.receiveId).catch(() => undefined);
  }

  private due(key: string, status: TransferStatus, error: string | null): boolean {
    const now = performance.now();
    if (isProgressOnly(this.shown.get(key), status, error, now)) return false;
    this.shown.set(key, { status, at: now });
    return true;
  }

  private publishOut(t: Outgoing, error: string | null = null): void {
    if (this.disposed || !this.due(t.key, t.status, error)) return;
    this.options.dispatch(
      A.transferUpserted(
        view(t.key, t.transferId, 'send', t.peerId, this.options.nameOf(t.peerId), t.file.name, t.file.size, sentBytes(t), t.meter.rate(), t.status, error, null),
      ),
    );
  }

  private publishIn(t: Incoming, error: string | null = null, path: string | null = null): void {
    if (this.disposed || !this.due(t.key, t.status, error)) return;
    this.options.dispatch(A.transferUpserted(view(t.key, t.transferId, 'receive', t.peerId, this.options.nameOf(t.peerId), t.name, t.size, t.written, t.meter.rate(), t.status, error, path)));
  }
}

/** What a send row shows: bytes hashed while preparing, then what the receiver can have on disk. */
function sentBytes(t: Outgoing): number {
  if (t.status === 'preparing') return t.hashed;
  return t.status === 'verifying' || t.status === 'done' ? t.acked : Math.min(t.sent, t.acked + DISK_WINDOW);
}

/** Every render costs both pages CPU that the transfer itself needs. */
function isProgressOnly(shown: { status: TransferStatus; at: number } | undefined, status: TransferStatus, error: string | null, now: number): boolean {
  return shown !== undefined && shown.status === status && error === null && now - shown.at < UI_PROGRESS_MS;
}

function view(
  key: string,
  transferId: string,
  direction: 'send' | 'receive',
  peerId: string,
  peerName: string,
  name: string,
  size: number,
  bytes: number,
  bytesPerSecond: number,
  status: TransferStatus,
  error: string | null,
  path: string | null,
): TransferView {
  return { key, transferId, direction, peerId, peerName, name, size, bytes, bytesPerSecond, status, error, path };
}

function isFinal(status: TransferStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled' || status === 'declined';
}

/** Bytes per second over the last few seconds. */
class RateMeter {
  private points: { at: number; bytes: number }[] = [];
  reset(bytes: number) {
    this.points = [{ at: performance.now(), bytes }];
  }
  add(bytes: number) {
    const at = performance.now();
    const last = this.points.at(-1);
    if (last && at - last.at < 100) return;
    this.points.push({ at, bytes });
    while (this.points.length > 2 && at - this.points[0]!.at > 3000) this.points.shift();
  }
  rate(): number {
    const first = this.points[0];
    const last = this.points.at(-1);
    if (!first || !last || last.at - first.at < 50) return 0;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }
}

function waitOpen(channel: RTCDataChannel): Promise<void> {
  if (channel.readyState === 'open') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The file channel did not open')), 15_000);
    channel.addEventListener('open', () => (clearTimeout(timer), resolve()), { once: true });
    channel.addEventListener('close', () => (clearTimeout(timer), reject(new Error('The file channel closed'))), { once: true });
  });
}

/** Resolves when the buffer drains below its low mark (or the disk window reopens, polled). */
function waitDrain(channel: RTCDataChannel, windowOpen: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearInterval(poll);
      channel.removeEventListener('bufferedamountlow', done);
      channel.removeEventListener('close', done);
      resolve();
    };
    const poll = setInterval(() => {
      if ((channel.bufferedAmount <= BUFFER_HIGH && windowOpen()) || channel.readyState !== 'open') done();
    }, 20);
    channel.addEventListener('bufferedamountlow', done);
    channel.addEventListener('close', done);
  });
}

function randomTransferId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => alphabet[b % alphabet.length]).join('');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
