import { describe, expect, it } from 'vitest';
import type { ScreenPickRequest, ScreenSource } from '../../common/ipc/contract';
import { ScreenPicker } from './screenPicker';

const screen: ScreenSource = { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: 'data:image/png;base64,AAAA', displayId: '1' };
const window: ScreenSource = { id: 'window:42:0', name: 'Editor', kind: 'window', thumbnail: 'data:image/png;base64,AAAA', displayId: null };

function setup(timeoutMs = 1000) {
  const shown: ScreenPickRequest[] = [];
  const closed: string[] = [];
  const picker = new ScreenPicker((r) => shown.push(r), (id) => closed.push(id), timeoutMs);
  return { picker, shown, closed };
}

describe('ScreenPicker', () => {
  it('shows the sources and returns the one picked, audio only where available', async () => {
    const { picker, shown, closed } = setup();
    const choice = picker.pick([screen, window], false);
    expect(shown[0]!.sources.map((s) => s.id)).toEqual(['screen:0:0', 'window:42:0']);
    picker.answer(shown[0]!.requestId, 'window:42:0', true);
    expect(await choice).toEqual({ source: window, audio: false });
    expect(closed).toEqual([shown[0]!.requestId]);
  });

  it('refuses a source it did not offer and a request that is no longer open', async () => {
    const { picker, shown } = setup();
    const choice = picker.pick([screen], true);
    const { requestId } = shown[0]!;
    expect(() => picker.answer(requestId, 'screen:9:0', false)).toThrow(/not offered/);
    picker.answer(requestId, null, false);
    expect(await choice).toBeNull();
    expect(() => picker.answer(requestId, 'screen:0:0', false)).toThrow(/no longer open/);
  });

  it('shares nothing when nobody answers', async () => {
    const { picker, closed } = setup(20);
    expect(await picker.pick([screen], true)).toBeNull();
    expect(closed).toHaveLength(1);
  });
});
