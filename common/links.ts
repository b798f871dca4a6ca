/** `meshwork://` join links: meshwork://join/<room>?code=<invite>&server=<https url>. */
import { z } from 'zod';

export const LINK_SCHEME = 'meshwork';

export const RoomIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Room ids are 1-64 letters, digits, _ or -');

export const JoinLinkSchema = z.object({
  room: RoomIdSchema,
  code: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).nullable(),
  server: z
    .string()
    .url()
    .refine((u) => /^(https|wss?|http):\/\//.test(u), 'Server must be an http(s) or ws(s) URL')
    .nullable(),
});
export type JoinLink = z.infer<typeof JoinLinkSchema>;

/** Returns the parsed link, or null for anything that is not a well-formed join link. */
export function parseJoinLink(raw: string): JoinLink | null {
  if (raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${LINK_SCHEME}:` || url.hostname !== 'join') return null;
  const result = JoinLinkSchema.safeParse({
    room: decodeURIComponent(url.pathname.replace(/^\/+/, '')),
    code: url.searchParams.get('code'),
    server: url.searchParams.get('server'),
  });
  return result.success ? result.data : null;
}

export function formatJoinLink(link: JoinLink): string {
  const params = new URLSearchParams();
  if (link.code) params.set('code', link.code);
  if (link.server) params.set('server', link.server);
  const query = params.toString();
  return `${LINK_SCHEME}://join/${link.room}${query ? `?${query}` : ''}`;
}

/** Finds a join link among process arguments (how Windows/Linux hand links to the app). */
export function findJoinLinkInArgs(argv: readonly string[]): JoinLink | null {
  for (const arg of argv) {
    if (arg.startsWith(`${LINK_SCHEME}://`)) {
      const link = parseJoinLink(arg);
      if (link) return link;
    }
  }
  return null;
}
