import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMainConfig } from './config';

describe('loadMainConfig', () => {
  it('uses an embedded server and the default data dir when nothing is set', () => {
    expect(loadMainConfig({}, '/tmp/meshwork-default')).toEqual({
      serverUrl: null,
      updateUrl: null,
      dataDir: path.resolve('/tmp/meshwork-default'),
      hostPort: 0,
      joinCode: null,
      receiveDir: path.resolve('/tmp/meshwork-default/Received files'),
      maxReceiveBytes: 4 * 1024 ** 3,
      displayScale: 1,
      workspaceId: 'default',
    });
  });

  it('reads a display scale factor within reason', () => {
    expect(loadMainConfig({ MESHWORK_DISPLAY_SCALE: '2' }, '/tmp/x').displayScale).toBe(2);
    expect(() => loadMainConfig({ MESHWORK_DISPLAY_SCALE: '12' })).toThrow(/MESHWORK_DISPLAY_SCALE/);
  });

  it('reads the join code of a configured server and refuses a malformed one', () => {
    expect(loadMainConfig({ MESHWORK_JOIN_CODE: 'ABCD2345' }, '/tmp/x').joinCode).toBe('ABCD2345');
    expect(() => loadMainConfig({ MESHWORK_JOIN_CODE: 'bad code' })).toThrow(/MESHWORK_JOIN_CODE/);
  });

  it('treats an empty server URL as unset', () => {
    expect(loadMainConfig({ MESHWORK_SERVER_URL: '  ' }, '/tmp/x').serverUrl).toBeNull();
  });

  it('names the bad variable in its error', () => {
    expect(() => loadMainConfig({ MESHWORK_SERVER_URL: 'not a url' })).toThrow(/MESHWORK_SERVER_URL/);
    expect(() => loadMainConfig({ MESHWORK_HOST_PORT: '70000' })).toThrow(/MESHWORK_HOST_PORT/);
  });
});
