/** The receive-folder picker in the desktop app: Electron's native "choose folder" dialog. */
import { dialog, type BrowserWindow } from 'electron';
import type { FolderPicker } from '../meetings/receiveFolder';

export class NativeFolderDialog implements FolderPicker {
  constructor(private readonly window: () => BrowserWindow | null) {}

  async pick(current: string): Promise<string | null> {
    const options: Electron.OpenDialogOptions = {
      title: 'Save received files in',
      defaultPath: current,
      buttonLabel: 'Use this folder',
      properties: ['openDirectory', 'createDirectory'],
    };
    const parent = this.window();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
}
