/**
 * The controlled side's renderer part: a pipe between a peer's remote-control data channel
 * and main, which makes every decision. Frames main wants sent arrive as `remote.send` events.
 */
import type { MeshworkApi } from '../../../common/ipc/contract';
import type { FrameChannel } from './controllerSession';

export interface RemotePeerIdentity {
  /** The member id the signaling server authenticated, not anything the peer claims. */
  id: string;
  name: string;
}

export function bridgeRemoteChannel(api: MeshworkApi, peer: RemotePeerIdentity, channel: FrameChannel): {
  receive: (text: string) => void;
  close: () => void;
} {
  const unsubscribe = api.on('remote.send', ({ peerId, frame }) => {
    if (peerId === peer.id) channel.send(JSON.stringify(frame));
  });
  return {
    receive(text) {
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        channel.send(JSON.stringify({ type: 'error', message: 'Frame is not valid JSON' }));
        return;
      }
      // Main parses the frame with the protocol's schema and answers through remote.send.
      void api.remote.receive(peer, frame as never).catch((error: Error) => {
        channel.send(JSON.stringify({ type: 'error', message: error.message.slice(0, 500) }));
      });
    },
    close() {
      unsubscribe();
      void api.remote.peerGone(peer.id);
    },
  };
}
