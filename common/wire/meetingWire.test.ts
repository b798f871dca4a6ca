import { describe, expect, it } from 'vitest';
import { linkifyChatText, mergeChatHistory, type ChatEntry } from './chat';
import { decodeFileChunk, encodeFileChunk, FILE_CHUNK_BYTES, FILE_FRAME_HEADER_BYTES, writeFileChunkHeader } from './fileTransfer';
import { parseMeetingMessage } from './meeting';

describe('chat', () => {
  it('links only http(s) URLs and keeps everything else as text', () => {
    expect(linkifyChatText('see https://example.com/a?b=1. and javascript:alert(1) <b>x</b>')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. and javascript:alert(1) <b>x</b>' },
    ]);
    expect(linkifyChatText('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
  });

  it('merges history by id and time', () => {
    const m = (id: string, sentAt: number): ChatEntry => ({ id: `id-${id}-xxxxx`, from: 'a', fromName: 'A', text: id, sentAt, via: null });
    const merged = mergeChatHistory([m('b', 2), m('c', 3)], [m('a', 1), m('b', 2)]);
    expect(merged.map((x) => x.text)).toEqual(['a', 'b', 'c']);
    expect(mergeChatHistory([], [m('a', 1), m('b', 2), m('c', 3)], 2).map((x) => x.text)).toEqual(['b', 'c']);
  });

  it("lets the author's own copy replace a relayed one, never the other way round", () => {
    const direct: ChatEntry = { id: 'id-x-xxxxx', from: 'a', fromName: 'Ann', text: 'real', sentAt: 1, via: null };
    const relayed: ChatEntry = { ...direct, fromName: 'Ann', text: 'forged', via: { memberId: 'm', name: 'Mallory' } };
    expect(mergeChatHistory([direct], [relayed])).toEqual([direct]);
    expect(mergeChatHistory([relayed], [direct])).toEqual([direct]);
    const other: ChatEntry = { ...relayed, text: 'other forgery', via: { memberId: 'n', name: 'Nat' } };
    expect(mergeChatHistory([relayed], [other])).toEqual([relayed]);
  });
});

describe('file chunks', () => {
  it('round-trips and refuses malformed frames', () => {
    const data = new Uint8Array(FILE_CHUNK_BYTES).map((_, i) => i % 251);
    const frame = encodeFileChunk('AbCdEfGh12345678', 123 * FILE_CHUNK_BYTES, data);
    const chunk = decodeFileChunk(frame);
    expect(chunk).toMatchObject({ transferId: 'AbCdEfGh12345678', offset: 123 * FILE_CHUNK_BYTES });
    expect('data' in chunk && Buffer.from(chunk.data).equals(Buffer.from(data))).toBe(true);
    expect(decodeFileChunk(frame.subarray(0, 10))).toHaveProperty('error');
    const bad = frame.slice();
    bad[0] = 9;
    expect(decodeFileChunk(bad)).toHaveProperty('error');
    const badId = frame.slice();
    badId[3] = 0x2f;
    expect(decodeFileChunk(badId)).toHaveProperty('error');
    expect(() => encodeFileChunk('short', 0, data)).toThrow();
    expect(() => encodeFileChunk('AbCdEfGh12345678', 0, new Uint8Array(FILE_CHUNK_BYTES + 1))).toThrow();
  });

  it('writes a header in front of data already in a reused buffer, also inside a larger one', () => {
    const buffer = new Uint8Array(7 + FILE_FRAME_HEADER_BYTES + 3);
    const frame = buffer.subarray(7);
    frame.set([1, 2, 3], FILE_FRAME_HEADER_BYTES);
    for (const offset of [0, 2 ** 40 + 5]) {
      writeFileChunkHeader(frame, 'AbCdEfGh12345678', offset);
      expect(decodeFileChunk(frame)).toEqual({ transferId: 'AbCdEfGh12345678', offset, data: new Uint8Array([1, 2, 3]) });
    }
    expect(buffer.subarray(0, 7).every((b) => b === 0)).toBe(true);
    expect(() => writeFileChunkHeader(frame, 'AbCdEfGh1234567/', 0)).toThrow();
  });
});

describe('meeting messages', () => {
  it('parses known messages and refuses others', () => {
    expect(parseMeetingMessage('{"type":"recording","recording":true}')).toEqual({ ok: true, message: { type: 'recording', recording: true } });
    expect(parseMeetingMessage('{"type":"file.accept","transferId":"AbCdEfGh12345678","offset":0}')).toMatchObject({ ok: true, message: { type: 'file.accept' } });
    expect(parseMeetingMessage('nope')).toMatchObject({ ok: false });
    expect(parseMeetingMessage('{"type":"chat.message","message":{"id":"x"}}')).toMatchObject({ ok: false });
    expect(parseMeetingMessage('{"type":"shell","cmd":"rm"}')).toMatchObject({ ok: false });
    expect(parseMeetingMessage(' '.repeat(300 * 1024))).toEqual({ ok: false, error: 'Message too large' });
  });
});
