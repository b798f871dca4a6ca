import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCsp, originsFor } from './csp';
import { externalUrlToOpen, isAppUrl, isPermissionAllowed } from './navigationPolicy';
import { resolveInside } from './safePath';

describe('buildCsp', () => {
  it('allows scripts and styles from the app only, and the configured server for connections', () => {
    const csp = buildCsp({ serverUrl: 'https://sync.example.org', extraConnect: ['ws://127.0.0.1:4000'] });
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:4000 https://sync.example.org wss://sync.example.org;");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('maps http servers to ws and https to wss', () => {
    expect(originsFor('http://127.0.0.1:8787/path')).toEqual(['http://127.0.0.1:8787', 'ws://127.0.0.1:8787']);
    expect(originsFor('https://a.b')).toEqual(['https://a.b', 'wss://a.b']);
  });
});

describe('navigation policy', () => {
  it('keeps in-app navigation on the app origin', () => {
    expect(isAppUrl('app://meshwork/index.html', 'app://meshwork')).toBe(true);
    expect(isAppUrl('https://evil.example/app://meshwork', 'app://meshwork')).toBe(false);
    expect(isAppUrl('garbage', 'app://meshwork')).toBe(false);
  });

  it('opens only web and mail links externally', () => {
    expect(externalUrlToOpen('https://example.org/x')).toBe('https://example.org/x');
    expect(externalUrlToOpen('file:///etc/passwd')).toBeNull();
    expect(externalUrlToOpen('smb://host/share')).toBeNull();
    expect(externalUrlToOpen('javascript:alert(1)')).toBeNull();
  });

  it('grants only the permissions the app uses, and only to the app', () => {
    expect(isPermissionAllowed('media', 'app://meshwork/index.html', 'app://meshwork')).toBe(true);
    expect(isPermissionAllowed('geolocation', 'app://meshwork/index.html', 'app://meshwork')).toBe(false);
    expect(isPermissionAllowed('media', 'https://evil.example/', 'app://meshwork')).toBe(false);
  });
});

describe('resolveInside', () => {
  const root = path.resolve('/srv/renderer');
  it('resolves paths inside the root', () => {
    expect(resolveInside(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });
  it.each(['../etc/passwd', '/../../etc/passwd', 'assets/../../x', 'a\0b'])('refuses %s', (p) => {
    expect(resolveInside(root, p)).toBeNull();
  });
});
