/**
 * Where meeting chat is kept per room. The interface is what the meetings feature needs; the
 * JSON-lines file store below is the stand-in until the SQLite store lands (same interface).
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { CHAT_HISTORY_LIMIT, ChatMessageSchema, mergeChatHistory, type ChatMessage } from '../../common/wire/chat';
import { resolveInside } from '../security/safePath';

export interface ChatHistoryStore {
  /** The newest messages of a room, oldest first, without duplicates. */
  load(roomId: string): Promise<ChatMessage[]>;
  /** Adds messages; ones already stored (same id) are ignored. */
  append(roomId: string, messages: readonly ChatMessage[]): Promise<void>;
}

/** One append-only `<room>.jsonl` per room, compacted when it grows past twice the history limit. */
export class FileChatHistoryStore implements ChatHistoryStore {
  /** Appends to one room are serialised so a compaction never loses a line. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly dir: string) {}

  async load(roomId: string): Promise<ChatMessage[]> {
    const file = this.fileOf(roomId);
    await this.queues.get(roomId);
    return this.readLines(file).then((lines) => mergeChatHistory([], lines.messages));
  }

  append(roomId: string, messages: readonly ChatMessage[]): Promise<void> {
    const file = this.fileOf(roomId);
    const run = (this.queues.get(roomId) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(file, messages.map((m) => JSON.stringify(m)).join('\n') + '\n', { mode: 0o600 });
      const { messages: stored, lines } = await this.readLines(file);
      if (lines > 2 * CHAT_HISTORY_LIMIT) {
        const kept = mergeChatHistory([], stored);
        await writeFile(`${file}.tmp`, kept.map((m) => JSON.stringify(m)).join('\n') + '\n', { mode: 0o600 });
        await rename(`${file}.tmp`, file);
      }
    });
    this.queues.set(roomId, run);
    return run;
  }

  private fileOf(roomId: string): string {
    const file = /^[A-Za-z0-9_-]{1,64}$/.test(roomId) ? resolveInside(this.dir, `${roomId}.jsonl`) : null;
    if (!file) throw new Error('Bad room id');
    return file;
  }

  /** A damaged line (a crash mid-append) is skipped, not fatal. */
  private async readLines(file: string): Promise<{ messages: ChatMessage[]; lines: number }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { messages: [], lines: 0 };
      throw error;
    }
    const messages: ChatMessage[] = [];
    const lines = text.split('\n').filter(Boolean);
    for (const line of lines) {
      try {
        const parsed = ChatMessageSchema.safeParse(JSON.parse(line));
        if (parsed.success) messages.push(parsed.data);
      } catch {
        // skip the torn line
      }
    }
    return { messages, lines: lines.length };
  }
}
