import type { AppInfo } from '../../common/ipc/contract';
import { APP_NAME, APP_VERSION } from '../buildInfo';

export interface AppInfoOptions {
  mode: AppInfo['mode'];
  serverUrl: string | null;
  embeddedServer: boolean;
  electronVersion?: string;
  chromeVersion?: string;
}

export class AppInfoService {
  private readonly info: AppInfo;

  constructor(options: AppInfoOptions) {
    this.info = {
      name: APP_NAME,
      version: APP_VERSION,
      mode: options.mode,
      platform: `${process.platform}-${process.arch}`,
      runtime: {
        node: process.versions.node,
        electron: options.electronVersion ?? null,
        chrome: options.chromeVersion ?? null,
      },
      serverUrl: options.serverUrl,
      embeddedServer: options.embeddedServer,
    };
  }

  getInfo(): AppInfo {
    return this.info;
  }
}
