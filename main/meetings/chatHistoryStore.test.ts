import { describe, expect, it } from 'vitest';
import { CHAT_HISTORY_LIMIT, type ChatEntry } from '../../common/wire/chat';
import { openTrackerStore } from '../store/trackerStore';
import { openTempStore, SOURCE_MIGRATIONS_DIR } from '../store/testing/tempStore';
import { KEPT_PER_ROOM, SqliteChatHistoryStore } from './chatHistoryStore';

const msg = (n: number, via: ChatEntry['via'] = null): ChatEntry => ({
  id: `msg-${String(n).padStart(6, '0')}`,
  from: 'm1',
  fromName: 'Ann',
  text: `hello ${n}`,
  sentAt: 1000 + n,
  via,
});
const BEN = { memberId: 'm2', name: 'Ben' };

describe('SqliteChatHistoryStore (a real SQLite file)', () => {
  it('keeps entries per room across a reopen, in time order, without duplicates', async () => {
    const { store, dir, cleanup } = openTempStore();
    try {
      const chat = new SqliteChatHistoryStore(store);
      await chat.append('room-a', [msg(2), msg(1)]);
      await chat.append('room-a', [msg(2), msg(3, BEN)]);
      await chat.append('room-b', [msg(9)]);
      store.close();
      const reopened = openTrackerStore({ dataDir: dir, migrationsDir: SOURCE_MIGRATIONS_DIR });
      try {
        const again = new SqliteChatHistoryStore(reopened);
        expect(await again.load('room-a')).toEqual([msg(1), msg(2), msg(3, BEN)]);
        expect(await again.load('room-b')).toEqual([msg(9)]);
        expect(await again.load('room-c')).toEqual([]);
      } finally {
        reopened.close();
      }
    } finally {
      cleanup();
    }
  });

  it("lets the author's copy replace a relayed one, and a relayed copy replace nothing", async () => {
    const { store, cleanup } = openTempStore();
    try {
      const chat = new SqliteChatHistoryStore(store);
      const forged = { ...msg(1, BEN), text: 'forged by Ben' };
      await chat.append('r', [forged]);
      expect(await chat.load('r')).toEqual([forged]);
      await chat.append('r', [msg(1)]);
      expect(await chat.load('r')).toEqual([msg(1)]);
      await chat.append('r', [{ ...msg(1, BEN), text: 'forged again' }]);
      expect(await chat.load('r')).toEqual([msg(1)]);
    } finally {
      cleanup();
    }
  });

  it('loads the newest 500 and keeps a bounded number per room', async () => {
    const { store, cleanup } = openTempStore();
    try {
      const chat = new SqliteChatHistoryStore(store);
      for (let i = 0; i < 25; i++) await chat.append('r', Array.from({ length: 100 }, (_, j) => msg(i * 100 + j)));
      await chat.append('other', [msg(1)]);
      const kept = await chat.load('r');
      expect(kept).toHaveLength(CHAT_HISTORY_LIMIT);
      expect(kept.at(-1)!.text).toBe('hello 2499');
      expect(kept[0]!.text).toBe(`hello ${2500 - CHAT_HISTORY_LIMIT}`);
      const count = (room: string) => (store.sqlite.prepare('SELECT count(*) AS n FROM meeting_chat WHERE room_id = ?').get(room) as { n: number }).n;
      expect(count('r')).toBe(KEPT_PER_ROOM);
      expect(count('other')).toBe(1);
    } finally {
      cleanup();
    }
  });

  it('refuses bad room ids and bad entries, writing nothing', async () => {
    const { store, cleanup } = openTempStore();
    try {
      const chat = new SqliteChatHistoryStore(store);
      await expect(chat.load('../x')).rejects.toThrow(/Bad room id/);
      await expect(chat.append('r', [msg(1), { ...msg(2), text: '' }])).rejects.toThrow();
      expect(await chat.load('r')).toEqual([]);
    } finally {
      cleanup();
    }
  });
});
