/**
 * Records the call as one WebM: every tile's video drawn onto a canvas, every audio track mixed
 * with WebAudio, encoded by MediaRecorder and streamed to main in chunks as they come (main
 * appends them to the file, so nothing accumulates here).
 */
import type { MeshworkApi } from '../../../../common/ipc/contract';

const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 15;
/** IPC frames carry at most 256 KiB of file data. */
/** Bytes per IPC call; each slice is its own copy (a cloned subarray would carry its whole buffer). */
const WRITE_SLICE = 1024 * 1024;

export class CallRecorder {
  private readonly canvas = document.createElement('canvas');
  private readonly audio = new AudioContext();
  private readonly mix = this.audio.createMediaStreamDestination();
  private readonly videos = new Map<string, HTMLVideoElement>();
  private readonly sources = new Map<string, MediaStreamAudioSourceNode>();
  private recorder: MediaRecorder | null = null;
  private drawTimer: ReturnType<typeof setInterval> | null = null;
  private writing: Promise<unknown> = Promise.resolve();
  private recordingId: string | null = null;
  private failed: Error | null = null;

  constructor(
    private readonly api: MeshworkApi,
    private readonly streams: () => MediaStream[],
  ) {
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
  }

  async start(label: string): Promise<string> {
    const { recordingId, path } = await this.api.recordings.begin(label);
    this.recordingId = recordingId;
    // A silent source keeps the audio track producing samples even when nobody talks.
    const silence = this.audio.createConstantSource();
    silence.offset.value = 0;
    silence.connect(this.mix);
    silence.start();
    this.refreshSources();
    this.draw();
    this.drawTimer = setInterval(() => {
      this.refreshSources();
      this.draw();
    }, 1000 / FPS);
    const stream = new MediaStream([...this.canvas.captureStream(FPS).getVideoTracks(), ...this.mix.stream.getAudioTracks()]);
    const mimeType = ['video/webm;codecs=vp8,opus', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t));
    this.recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 1_500_000, audioBitsPerSecond: 96_000 });
    this.recorder.ondataavailable = (event) => {
      if (event.data.size > 0) this.write(event.data);
    };
    this.recorder.start(1000);
    return path;
  }

  async stop(): Promise<{ path: string; bytes: number }> {
    const recorder = this.recorder;
    if (recorder && recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.stop();
      });
    }
    if (this.drawTimer) clearInterval(this.drawTimer);
    for (const video of this.videos.values()) video.srcObject = null;
    await this.audio.close().catch(() => undefined);
    await this.writing;
    if (this.failed) throw this.failed;
    return this.api.recordings.finish(this.recordingId!);
  }

  private write(blob: Blob): void {
    this.writing = this.writing.then(async () => {
      if (this.failed) return;
      try {
        const bytes = new Uint8Array(await blob.arrayBuffer());
        for (let i = 0; i < bytes.length; i += WRITE_SLICE) {
          await this.api.recordings.write(this.recordingId!, bytes.slice(i, i + WRITE_SLICE));
        }
      } catch (error) {
        this.failed = error instanceof Error ? error : new Error(String(error));
      }
    });
  }

  /** Tiles come and go during a recording: follow them. */
  private refreshSources(): void {
    const live = new Set<string>();
    for (const stream of this.streams()) {
      const video = stream.getVideoTracks().find((t) => t.readyState === 'live');
      if (video) {
        live.add(`v:${video.id}`);
        if (!this.videos.has(`v:${video.id}`)) {
          const el = document.createElement('video');
          el.muted = true;
          el.playsInline = true;
          el.srcObject = new MediaStream([video]);
          void el.play().catch(() => undefined);
          this.videos.set(`v:${video.id}`, el);
        }
      }
      for (const track of stream.getAudioTracks()) {
        if (track.readyState !== 'live') continue;
        live.add(`a:${track.id}`);
        if (!this.sources.has(`a:${track.id}`)) {
          const source = this.audio.createMediaStreamSource(new MediaStream([track]));
          source.connect(this.mix);
          this.sources.set(`a:${track.id}`, source);
        }
      }
    }
    for (const [key, el] of this.videos) {
      if (live.has(key)) continue;
      el.srcObject = null;
      this.videos.delete(key);
    }
    for (const [key, node] of this.sources) {
      if (live.has(key)) continue;
      node.disconnect();
      this.sources.delete(key);
    }
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#101318';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    const tiles = [...this.videos.values()];
    if (tiles.length === 0) return;
    const cols = Math.ceil(Math.sqrt(tiles.length));
    const rows = Math.ceil(tiles.length / cols);
    const w = WIDTH / cols;
    const h = HEIGHT / rows;
    tiles.forEach((el, i) => {
      if (el.videoWidth === 0) return;
      const scale = Math.min(w / el.videoWidth, h / el.videoHeight);
      const dw = el.videoWidth * scale;
      const dh = el.videoHeight * scale;
      ctx.drawImage(el, (i % cols) * w + (w - dw) / 2, Math.floor(i / cols) * h + (h - dh) / 2, dw, dh);
    });
  }
}
