/**
 * Auth protocol of the signaling server: what its access tokens claim, and the HTTP exchange
 * (`POST /api/auth/token`) that issues and refreshes them. Tokens are compact JWS (HS256) signed
 * by the server's secret; whoever holds that secret may also sign them directly.
 */
import { z } from 'zod';

export const AUTH_TOKEN_PATH = '/api/auth/token';

/** User ids end up inside TURN usernames (`expiry:user`), so no colons or spaces. */
export const UserIdSchema = z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'User ids are 1-128 letters, digits, _ . @ or -');
export const DisplayNameSchema = z.string().trim().min(1).max(80);
export const WorkspaceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Workspace ids are 1-64 letters, digits, _ or -');
export const WorkspaceRoleSchema = z.enum(['owner', 'admin', 'member', 'guest']);
export type WorkspaceRole = z.infer<typeof WorkspaceRoleSchema>;

export const WorkspaceGrantSchema = z.object({ id: WorkspaceIdSchema, role: WorkspaceRoleSchema });
export type WorkspaceGrant = z.infer<typeof WorkspaceGrantSchema>;

/** The claims of an access token beyond the registered ones (sub, aud, iss, exp, iat). */
export const AccessClaimsSchema = z.object({
  sub: UserIdSchema,
  name: DisplayNameSchema,
  ws: z.array(WorkspaceGrantSchema).max(100),
});
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

/** Join codes are what a LAN peer types to get a token from an embedded server. */
export const JoinCodeSchema = z.string().regex(/^[A-Z0-9]{6,32}$/, 'Join codes are 6-32 capital letters or digits');

export const TokenRequestSchema = z.discriminatedUnion('grant', [
  /** A local install on the LAN of an embedded server, with the join code its host shows. */
  z.object({
    grant: z.literal('join-code'),
    code: z.string().max(64).transform((c) => c.toUpperCase().replace(/[\s-]/g, '')),
    userId: UserIdSchema,
    displayName: DisplayNameSchema,
    workspaces: z.array(WorkspaceGrantSchema).max(100).default([]),
  }),
  /** An operator's backend holding the standalone server's admin key mints tokens for its users. */
  z.object({
    grant: z.literal('admin-key'),
    key: z.string().min(1).max(512),
    userId: UserIdSchema,
    displayName: DisplayNameSchema,
    workspaces: z.array(WorkspaceGrantSchema).max(100).default([]),
  }),
  /** Exchange a refresh token for a new access token (and a rotated refresh token). */
  z.object({ grant: z.literal('refresh'), refreshToken: z.string().min(1).max(8192) }),
]);
export type TokenRequest = z.input<typeof TokenRequestSchema>;

export const TokenResponseSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Access token expiry, ms since the epoch. */
  expiresAt: z.number().int(),
  user: z.object({ id: UserIdSchema, displayName: DisplayNameSchema, workspaces: z.array(WorkspaceGrantSchema) }),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const AuthErrorResponseSchema = z.object({
  error: z.enum(['bad-request', 'forbidden', 'invalid-token', 'rate-limited', 'unsupported-grant']),
  message: z.string(),
});
export type AuthErrorResponse = z.infer<typeof AuthErrorResponseSchema>;
