/**
 * Signs and verifies the server's JWTs with jose (HS256). Access and refresh tokens share the
 * secret but not the audience (`<aud>` vs `<aud>:refresh`), so one can never pass for the other.
 */
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { AccessClaimsSchema, type AccessClaims, type TokenResponse } from '../../../common/wire/auth';

export interface TokenServiceOptions {
  secret: string;
  audience: string;
  issuer: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

export interface VerifiedAccess {
  claims: AccessClaims;
  /** ms since the epoch */
  expiresAt: number;
}

export type TokenFailure = 'invalid' | 'expired' | 'wrong-audience';

export class TokenError extends Error {
  constructor(
    readonly reason: TokenFailure,
    message: string,
  ) {
    super(message);
  }
}

export class TokenService {
  private readonly key: Uint8Array;

  constructor(private readonly options: TokenServiceOptions) {
    this.key = new TextEncoder().encode(options.secret);
  }

  async issue(claims: AccessClaims): Promise<TokenResponse> {
    const now = Math.floor(Date.now() / 1000);
    const accessExp = now + this.options.accessTtlSeconds;
    const accessToken = await this.sign(claims, this.options.audience, accessExp);
    const refreshToken = await this.sign(claims, `${this.options.audience}:refresh`, now + this.options.refreshTtlSeconds);
    return {
      accessToken,
      refreshToken,
      expiresAt: accessExp * 1000,
      user: { id: claims.sub, displayName: claims.name, workspaces: claims.ws },
    };
  }

  verifyAccess(token: string): Promise<VerifiedAccess> {
    return this.verify(token, this.options.audience);
  }

  verifyRefresh(token: string): Promise<VerifiedAccess> {
    return this.verify(token, `${this.options.audience}:refresh`);
  }

  private sign(claims: AccessClaims, audience: string, exp: number): Promise<string> {
    return new SignJWT({ name: claims.name, ws: claims.ws })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(this.options.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(this.key);
  }

  private async verify(token: string, audience: string): Promise<VerifiedAccess> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience,
        issuer: this.options.issuer,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new TokenError('expired', 'Token expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
        throw new TokenError('wrong-audience', 'Token was issued for another audience');
      }
      throw new TokenError('invalid', 'Token is malformed or its signature does not verify');
    }
    const claims = AccessClaimsSchema.safeParse(payload);
    if (!claims.success) throw new TokenError('invalid', 'Token claims are not valid');
    return { claims: claims.data, expiresAt: (payload.exp as number) * 1000 };
  }
}
