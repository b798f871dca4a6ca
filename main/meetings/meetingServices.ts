/**
 * Meetings in main: tokens for the signaling server, chat history, received files and
 * recordings, and the handlers for the `meetings.*`, `files.*` and `recordings.*` services.
 */
import path from 'node:path';
import type { IpcContract } from '../../common/ipc/contract';
import type { HandlersOf } from '../ipc/dispatcher';
import type { ChatHistoryStore } from './chatHistoryStore';
import { FileReceiveService } from './fileReceiveService';
import { ReceiveFolder, type FolderPicker } from './receiveFolder';
import { RpcError } from '../../common/ipc/rpc';
import { MeetingTokenService } from './meetingTokenService';
import { RecordingService } from './recordingService';

export interface MeetingOptions {
  dataDir: string;
  serverUrl: string | null;
  /** Join code of the signaling server (the embedded one reports its own). */
  joinCode?: string | null;
  /** Where received files go (default `<dataDir>/Received files`). */
  receiveFolder?: string;
  /** Electron's native folder dialog for the receive folder (browser mode has none). */
  folderPicker?: FolderPicker;
  /** Largest file a member may send here (default 4 GiB). */
  maxReceiveBytes?: number;
  /** Chat persistence per room (the local SQLite store's `meeting_chat`; see createMainServices). */
  chatHistory: ChatHistoryStore;
}

export interface MeetingRuntime {
  handlers: Pick<HandlersOf<IpcContract>, 'meetings' | 'files' | 'recordings'>;
  close(): void;
}

export function createMeetingServices(options: MeetingOptions): MeetingRuntime {
  const meetingTokens = new MeetingTokenService({ serverUrl: options.serverUrl, joinCode: options.joinCode ?? null });
  const { chatHistory } = options;
  const receiveFolder = ReceiveFolder.open(options.dataDir, options.receiveFolder ?? path.join(options.dataDir, 'Received files'));
  const files = new FileReceiveService({
    folder: () => receiveFolder.folder,
    maxBytes: options.maxReceiveBytes ?? 4 * 1024 ** 3,
  });
  const picker = options.folderPicker ?? null;
  const receiveSettings = () => ({ ...files.settings(), canPickFolder: picker !== null });
  const recordings = new RecordingService(path.join(options.dataDir, 'Recordings'));
  return {
    handlers: {
      meetings: {
        token: (displayName, userId) => meetingTokens.token(displayName, userId),
        chatHistory: (roomId) => chatHistory.load(roomId),
        chatAppend: (roomId, messages) => chatHistory.append(roomId, messages),
      },
      files: {
        settings: () => receiveSettings(),
        setFolder: async (folder) => {
          await receiveFolder.set(folder);
          return receiveSettings();
        },
        chooseFolder: async () => {
          if (!picker) throw new RpcError('unavailable', 'No folder dialog here: type the folder instead');
          const chosen = await picker.pick(receiveFolder.folder);
          if (chosen === null) return null;
          await receiveFolder.set(chosen);
          return receiveSettings();
        },
        begin: (file) => files.begin(file),
        write: (receiveId, offset, data) => files.write(receiveId, offset, data),
        finish: (receiveId) => files.finish(receiveId),
        cancel: (receiveId) => files.cancel(receiveId),
      },
      recordings: {
        begin: (label) => recordings.begin(label),
        write: (id, data) => recordings.write(id, data),
        finish: (id) => recordings.finish(id),
      },
    },
    close: () => {
      void files.dispose();
      void recordings.dispose();
    },
  };
}
