/** Signs tokens the way a holder of the server's secret may, including deliberately bad ones. */
import { SignJWT } from 'jose';
import type { WorkspaceGrant } from '../../../common/wire/auth';
import { TEST_SECRET } from './serverProcess';

export interface TestTokenOptions {
  sub?: string;
  name?: string;
  ws?: WorkspaceGrant[];
  secret?: string;
  audience?: string;
  issuer?: string;
  /** seconds from now; negative for an expired token */
  expiresIn?: number;
}

let counter = 0;

export function token(options: TestTokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: options.name ?? 'Test User', ws: options.ws ?? [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.sub ?? `user-${process.pid}-${++counter}`)
    .setIssuer(options.issuer ?? 'meshwork')
    .setAudience(options.audience ?? 'meshwork-signaling')
    .setIssuedAt(now - 5)
    .setExpirationTime(now + (options.expiresIn ?? 600))
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}
