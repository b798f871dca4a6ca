import { describe, expect, it } from 'vitest';
import { mergeChatHistory, type ChatMessage } from '../../../../common/wire/chat';
import { entriesFromHistory, entryFromLiveMessage } from './chatProvenance';

const ben = { memberId: 'm-ben', name: 'Ben' };
const msg = (id: string, from: string, fromName: string, text = id): ChatMessage => ({ id: `id-${id}-xxxxxx`, from, fromName, text, sentAt: 1 });

describe('chat provenance', () => {
  it('accepts a live message only from the connection of the member it names, under the server-known name', () => {
    expect(entryFromLiveMessage(msg('a', 'm-ben', 'The Boss'), ben)).toEqual({ ...msg('a', 'm-ben', 'Ben'), via: null });
    expect(entryFromLiveMessage(msg('a', 'm-ann', 'Ann'), ben)).toBeNull();
  });

  it("marks history that is not the relayer's own as relayed, and drops entries claiming to be ours", () => {
    const entries = entriesFromHistory([msg('own', 'm-ben', 'Fake'), msg('other', 'm-ann', 'Ann', 'forged?'), msg('mine', 'm-me', 'Me')], ben, 'm-me');
    expect(entries).toEqual([
      { ...msg('own', 'm-ben', 'Ben'), via: null },
      { ...msg('other', 'm-ann', 'Ann', 'forged?'), via: ben },
    ]);
  });

  it("cannot overwrite what the author said: the author's copy wins over any relayed one", () => {
    const real = entryFromLiveMessage(msg('x', 'm-ann', 'Ann', 'real'), { memberId: 'm-ann', name: 'Ann' })!;
    const forged = entriesFromHistory([msg('x', 'm-ann', 'Ann', 'forged')], ben, 'm-me');
    expect(mergeChatHistory([real], forged)).toEqual([real]);
    expect(mergeChatHistory(forged, [real])).toEqual([real]);
  });
});
