import { appendFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../common/wire/chat';
import { FileChatHistoryStore } from './chatHistoryStore';

const msg = (n: number): ChatMessage => ({ id: `msg-${String(n).padStart(6, '0')}`, from: 'm1', fromName: 'Ann', text: `hello ${n}`, sentAt: 1000 + n });

describe('FileChatHistoryStore', () => {
  it('keeps messages per room across instances, without duplicates, skipping torn lines', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-chat-'));
    const store = new FileChatHistoryStore(dir);
    await store.append('room-a', [msg(2), msg(1)]);
    await store.append('room-a', [msg(2), msg(3)]);
    await store.append('room-b', [msg(9)]);
    appendFileSync(path.join(dir, 'room-a.jsonl'), '{"id":"torn');
    const reopened = new FileChatHistoryStore(dir);
    expect((await reopened.load('room-a')).map((m) => m.text)).toEqual(['hello 1', 'hello 2', 'hello 3']);
    expect(await reopened.load('room-b')).toHaveLength(1);
    expect(await reopened.load('room-c')).toEqual([]);
    await expect(reopened.load('../x')).rejects.toThrow(/Bad room id/);
  });

  it('compacts to the newest 500', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-chat-'));
    const store = new FileChatHistoryStore(dir);
    for (let i = 0; i < 11; i++) await store.append('r', Array.from({ length: 100 }, (_, j) => msg(i * 100 + j)));
    const kept = await store.load('r');
    expect(kept).toHaveLength(500);
    expect(kept.at(-1)!.text).toBe('hello 1099');
  });
});
