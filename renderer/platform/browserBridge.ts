/**
 * Browser mode's `window.meshwork`: the same contract client the preload builds, over the
 * host's WebSocket instead of Electron IPC. The launch token comes from the URL fragment
 * (never sent in HTTP requests) and is kept for this tab only.
 */
import { createClient, RpcError, type RpcTransport } from '../../common/ipc/rpc';
import { ipcContract, type MeshworkApi } from '../../common/ipc/contract';
import {
  HOST_SOCKET_PATH,
  HOST_SUBPROTOCOL,
  HostReplyFrameSchema,
  TOKEN_SUBPROTOCOL_PREFIX,
  encodeBinaryCall,
  type HostCallFrame,
} from '../../common/ipc/hostWire';

export type HostConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

const TOKEN_KEY = 'meshwork.hostToken';
const CALL_TIMEOUT_MS = 30_000;
const REFUSED_MESSAGE = 'The Meshwork host refused this page: open the link it printed at start';

export function takeLaunchToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{64})/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    // Keep the secret out of the address bar, history and screenshots.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class HostSocket implements RpcTransport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: (string | Uint8Array<ArrayBuffer>)[] = [];
  private readonly eventListeners = new Set<(event: string, payload: unknown) => void>();
  private readonly stateListeners = new Set<(state: HostConnectionState) => void>();
  private state: HostConnectionState = 'connecting';
  private retryDelayMs = 250;
  private everOpened = false;
  /** Binary frames are built here while the socket is open: send() copies them at once. */
  private frameBuffer: ArrayBuffer | undefined;

  constructor(private readonly token: string) {
    this.connect();
  }

  invoke(channel: string, args: unknown[]): Promise<unknown> {
    if (this.state === 'unauthorized') return Promise.reject(new RpcError('forbidden', REFUSED_MESSAGE));
    const id = this.nextId++;
    const socket = this.socket?.readyState === WebSocket.OPEN ? this.socket : null;
    // Raw bytes (file chunks, recording slices) go as one binary frame, everything else as JSON.
    // A frame that waits in the queue needs memory of its own.
    const binary = encodeBinaryCall(id, channel, args, socket ? this.frameBuffer : undefined);
    if (binary && socket) this.frameBuffer = binary.buffer;
    const data = binary ?? JSON.stringify({ type: 'call', id, channel, args } satisfies HostCallFrame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError('unavailable', 'The Meshwork host did not answer in time'));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      if (socket) socket.send(data);
      else this.queue.push(data);
    });
  }

  subscribe(listener: (event: string, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStateChange(listener: (state: HostConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: HostConnectionState) {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect() {
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${HOST_SOCKET_PATH}`;
    const socket = new WebSocket(url, [HOST_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${this.token}`]);
    this.socket = socket;
    socket.onopen = () => {
      this.everOpened = true;
      this.retryDelayMs = 250;
      this.setState('open');
      for (const data of this.queue.splice(0)) socket.send(data);
    };
    socket.onmessage = (message) => this.onFrame(message.data);
    socket.onclose = () => {
      this.socket = null;
      // A refused handshake never opens: the token is wrong or stale (the host restarted).
      if (!this.everOpened) {
        sessionStorage.removeItem(TOKEN_KEY);
        this.setState('unauthorized');
        this.failPending(REFUSED_MESSAGE);
        return;
      }
      this.failPending('Lost the connection to the Meshwork host');
      this.setState('reconnecting');
      setTimeout(() => this.connect(), this.retryDelayMs);
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5000);
    };
  }

  private onFrame(data: unknown) {
    if (typeof data !== 'string') return;
    let parsed;
    try {
      parsed = HostReplyFrameSchema.safeParse(JSON.parse(data));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const frame = parsed.data;
    if (frame.type === 'event') {
      for (const listener of this.eventListeners) listener(frame.event, frame.payload);
    } else if (frame.type === 'result') {
      const call = this.pending.get(frame.id);
      if (!call) return;
      clearTimeout(call.timer);
      this.pending.delete(frame.id);
      call.resolve(frame.result);
    } else {
      console.warn(`Meshwork host: ${frame.message}`);
    }
  }

  private failPending(message: string) {
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(new RpcError('unavailable', message));
      this.pending.delete(id);
    }
  }
}

export function createBrowserApi(socket: HostSocket): MeshworkApi {
  return createClient(ipcContract, socket);
}
