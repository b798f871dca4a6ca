import { describe, expect, it } from 'vitest';
import { findJoinLinkInArgs, formatJoinLink, parseJoinLink } from './links';

describe('join links', () => {
  it('round-trips a link with code and server', () => {
    const link = { room: 'design-review', code: 'abc123', server: 'https://meet.example.org' };
    expect(parseJoinLink(formatJoinLink(link))).toEqual({ ...link, server: 'https://meet.example.org' });
  });

  it('accepts a bare room', () => {
    expect(parseJoinLink('meshwork://join/room_1')).toEqual({ room: 'room_1', code: null, server: null });
  });

  it.each([
    'https://join/room',
    'meshwork://other/room',
    'meshwork://join/',
    'meshwork://join/team/../../etc/passwd%00',
    'meshwork://join/a%2Fb',
    'meshwork://join/room?server=javascript:alert(1)',
    'meshwork://join/room?code=<script>',
    `meshwork://join/${'a'.repeat(65)}`,
    'not a url',
  ])('rejects %s', (raw) => {
    expect(parseJoinLink(raw)).toBeNull();
  });

  it('finds the link among process arguments', () => {
    expect(findJoinLinkInArgs(['/usr/bin/meshwork', '--flag', 'meshwork://join/team'])?.room).toBe('team');
    expect(findJoinLinkInArgs(['/usr/bin/meshwork'])).toBeNull();
  });
});
