/**
 * Writes call recordings to disk as they are made: the renderer's MediaRecorder hands over
 * WebM chunks every second or so and main appends them, so a long call never sits in memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { RpcError } from '../../common/ipc/rpc';
import { resolveInside } from '../security/safePath';

interface Recording {
  path: string;
  handle: FileHandle;
  bytes: number;
  queue: Promise<unknown>;
}

export class RecordingService {
  private readonly recordings = new Map<string, Recording>();

  constructor(private readonly folder: string) {}

  async begin(label: string): Promise<{ recordingId: string; path: string }> {
    await mkdir(this.folder, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const path = resolveInside(this.folder, `meeting-${label}-${stamp}.webm`);
    if (!path) throw new RpcError('invalid-input', 'Bad recording name');
    const handle = await open(path, 'wx', 0o600);
    const recordingId = randomBytes(12).toString('hex');
    this.recordings.set(recordingId, { path, handle, bytes: 0, queue: Promise.resolve() });
    return { recordingId, path };
  }

  write(recordingId: string, data: Uint8Array): Promise<{ bytes: number }> {
    const recording = this.get(recordingId);
    const run = recording.queue.then(async () => {
      await recording.handle.write(data, 0, data.length, recording.bytes);
      recording.bytes += data.length;
      return { bytes: recording.bytes };
    });
    recording.queue = run.catch(() => undefined);
    return run;
  }

  async finish(recordingId: string): Promise<{ path: string; bytes: number }> {
    const recording = this.get(recordingId);
    this.recordings.delete(recordingId);
    await recording.queue;
    await recording.handle.close();
    return { path: recording.path, bytes: recording.bytes };
  }

  async dispose(): Promise<void> {
    for (const r of this.recordings.values()) await r.handle.close().catch(() => undefined);
    this.recordings.clear();
  }

  private get(recordingId: string): Recording {
    const recording = this.recordings.get(recordingId);
    if (!recording) throw new RpcError('not-found', 'No such recording');
    return recording;
  }
}
