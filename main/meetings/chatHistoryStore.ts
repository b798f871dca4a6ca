/**
 * Where meeting chat is kept per room: the `meeting_chat` table of the local SQLite store
 * (migration 0006). Rows are local only (never synced). Each append is one transaction; the
 * newest `CHAT_HISTORY_LIMIT` of a room are what the meeting shows, and a room keeps at most
 * `KEPT_PER_ROOM` rows so a long-lived room cannot grow the file without bound.
 */
import type Database from 'better-sqlite3';
import { CHAT_HISTORY_LIMIT, ChatEntrySchema, type ChatEntry } from '../../common/wire/chat';
import { RoomIdSchema } from '../../common/wire/signaling';
import { RpcError } from '../../common/ipc/rpc';
import type { TrackerStore } from '../store/trackerStore';

export interface ChatHistoryStore {
  /** The newest entries of a room, oldest first, without duplicates. */
  load(roomId: string): Promise<ChatEntry[]>;
  /**
   * Adds entries; one already stored (same id in the room) is kept, except that a copy from its
   * author (`via: null`) replaces a relayed copy, which may have been altered by its relayer.
   */
  append(roomId: string, entries: readonly ChatEntry[]): Promise<void>;
}

export const KEPT_PER_ROOM = 4 * CHAT_HISTORY_LIMIT;

interface Row {
  id: string;
  author_id: string;
  author_name: string;
  text: string;
  sent_at: number;
  via_id: string | null;
  via_name: string | null;
}

export class SqliteChatHistoryStore implements ChatHistoryStore {
  private readonly selectNewest: Database.Statement<[string, number], Row>;
  private readonly upsert: Database.Statement;
  private readonly prune: Database.Statement<[string, string, number]>;
  private readonly appendAll: (roomId: string, entries: readonly ChatEntry[]) => void;

  constructor(store: Pick<TrackerStore, 'sqlite'>) {
    const { sqlite } = store;
    this.selectNewest = sqlite.prepare(
      `SELECT id, author_id, author_name, text, sent_at, via_id, via_name FROM (
         SELECT * FROM meeting_chat WHERE room_id = ? ORDER BY sent_at DESC, id DESC LIMIT ?
       ) ORDER BY sent_at ASC, id ASC`,
    );
    this.upsert = sqlite.prepare(
      `INSERT INTO meeting_chat (room_id, id, author_id, author_name, text, sent_at, via_id, via_name)
       VALUES (@roomId, @id, @from, @fromName, @text, @sentAt, @viaId, @viaName)
       ON CONFLICT (room_id, id) DO UPDATE SET
         author_id = excluded.author_id, author_name = excluded.author_name, text = excluded.text,
         sent_at = excluded.sent_at, via_id = NULL, via_name = NULL
       WHERE meeting_chat.via_id IS NOT NULL AND excluded.via_id IS NULL`,
    );
    this.prune = sqlite.prepare(
      `DELETE FROM meeting_chat WHERE room_id = ? AND rowid NOT IN (
         SELECT rowid FROM meeting_chat WHERE room_id = ? ORDER BY sent_at DESC, id DESC LIMIT ?
       )`,
    );
    this.appendAll = sqlite.transaction((roomId: string, entries: readonly ChatEntry[]) => {
      for (const e of entries) {
        this.upsert.run({ roomId, id: e.id, from: e.from, fromName: e.fromName, text: e.text, sentAt: e.sentAt, viaId: e.via?.memberId ?? null, viaName: e.via?.name ?? null });
      }
      this.prune.run(roomId, roomId, KEPT_PER_ROOM);
    });
  }

  async load(roomId: string): Promise<ChatEntry[]> {
    const room = checkRoom(roomId);
    return this.selectNewest.all(room, CHAT_HISTORY_LIMIT).flatMap((row) => {
      // A row that no longer passes the schema (edited by hand, an older format) is left out.
      const entry = ChatEntrySchema.safeParse({
        id: row.id,
        from: row.author_id,
        fromName: row.author_name,
        text: row.text,
        sentAt: row.sent_at,
        via: row.via_id !== null && row.via_name !== null ? { memberId: row.via_id, name: row.via_name } : null,
      });
      return entry.success ? [entry.data] : [];
    });
  }

  async append(roomId: string, entries: readonly ChatEntry[]): Promise<void> {
    const room = checkRoom(roomId);
    // Direct callers get the same checks as IPC callers.
    this.appendAll(room, ChatEntrySchema.array().parse(entries));
  }
}

function checkRoom(roomId: string): string {
  const parsed = RoomIdSchema.safeParse(roomId);
  if (!parsed.success) throw new RpcError('invalid-input', 'Bad room id');
  return parsed.data;
}
