import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMeetingServices } from './meetingServices';
import { ReceiveFolder } from './receiveFolder';
import type { ChatHistoryStore } from './chatHistoryStore';

const temp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

describe('ReceiveFolder', () => {
  it('accepts only an absolute path to an existing folder, and keeps the choice across a restart', async () => {
    const dataDir = temp('meshwork-data-');
    const fallback = path.join(dataDir, 'Received files');
    const chosen = temp('meshwork-chosen-');
    const aFile = path.join(chosen, 'not-a-folder.txt');
    writeFileSync(aFile, 'x');
    const folder = ReceiveFolder.open(dataDir, fallback);
    expect(folder.folder).toBe(fallback);
    await expect(folder.set('relative/dir')).rejects.toMatchObject({ code: 'invalid-input', message: /full path/ });
    await expect(folder.set(path.join(chosen, 'missing'))).rejects.toMatchObject({ code: 'invalid-input', message: /no folder/ });
    await expect(folder.set(aFile)).rejects.toMatchObject({ code: 'invalid-input', message: /is a file/ });
    expect(folder.folder).toBe(fallback);
    expect(await folder.set(`${chosen}/./`)).toBe(chosen);
    expect(ReceiveFolder.open(dataDir, fallback).folder).toBe(chosen);
    // A saved folder that is gone falls back to the default rather than failing every receive.
    rmSync(chosen, { recursive: true });
    expect(ReceiveFolder.open(dataDir, fallback).folder).toBe(fallback);
  });
});

const noChat: ChatHistoryStore = { load: async () => [], append: async () => undefined };

describe('files.* handlers and the receive folder', () => {
  it('browser mode has no dialog; a typed folder is where the next file lands', async () => {
    const dataDir = temp('meshwork-data-');
    const services = createMeetingServices({ dataDir, serverUrl: null, chatHistory: noChat });
    const { files } = services.handlers;
    expect(await files.settings()).toMatchObject({ folder: path.join(dataDir, 'Received files'), canPickFolder: false });
    await expect(files.chooseFolder()).rejects.toMatchObject({ code: 'unavailable' });
    const typed = temp('meshwork-typed-');
    expect(await files.setFolder(typed)).toMatchObject({ folder: typed });
    const data = randomBytes(1000);
    const start = await files.begin({ peerId: 'p1', transferId: 'ABCDEFGHabcdefgh', name: 'f.bin', size: data.length, sha256: createHash('sha256').update(data).digest('hex'), onExisting: 'ask' });
    await files.write(start.receiveId, 0, data);
    const done = await files.finish(start.receiveId);
    expect(done.path).toBe(path.join(typed, 'f.bin'));
    expect(readFileSync(done.path!).equals(data)).toBe(true);
    services.close();
  });

  it("with a picker (Electron's dialog), the picked folder is kept and a cancelled pick changes nothing", async () => {
    const dataDir = temp('meshwork-data-');
    const picked = temp('meshwork-picked-');
    mkdirSync(picked, { recursive: true });
    let answer: string | null = picked;
    const seen: string[] = [];
    const services = createMeetingServices({
      dataDir,
      serverUrl: null,
      chatHistory: noChat,
      folderPicker: { pick: async (current) => (seen.push(current), answer) },
    });
    const { files } = services.handlers;
    expect(await files.settings()).toMatchObject({ canPickFolder: true });
    expect(await files.chooseFolder()).toMatchObject({ folder: picked });
    answer = null;
    expect(await files.chooseFolder()).toBeNull();
    expect(seen).toEqual([path.join(dataDir, 'Received files'), picked]);
    expect(await files.settings()).toMatchObject({ folder: picked });
    services.close();
  });
});
