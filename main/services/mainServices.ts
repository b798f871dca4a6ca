/**
 * The main-process services wired to the IPC contract. Electron (main/electron) and browser
 * mode (main/host) both build their IPC surface from this one function.
 */
import { ipcContract, type IpcContract } from '../../common/ipc/contract';
import { createDispatcher, type Dispatcher } from '../ipc/dispatcher';
import { EventBus } from '../ipc/eventBus';
import type { Logger } from '../log';
import { AppInfoService, type AppInfoOptions } from './appInfoService';
import { ServerHealthService } from './serverHealthService';
import type { UpdateService } from './updateService';

export interface MainServicesOptions {
  app: AppInfoOptions;
  updates: UpdateService;
  log: Logger;
}

export interface MainServices {
  dispatcher: Dispatcher;
  events: EventBus<IpcContract>;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const events = new EventBus(ipcContract);
  const appInfo = new AppInfoService(options.app);
  const serverHealth = new ServerHealthService(options.app.serverUrl);
  const { updates } = options;

  const dispatcher = createDispatcher(
    ipcContract,
    {
      app: { getInfo: () => appInfo.getInfo() },
      server: { getHealth: () => serverHealth.getHealth() },
      updates: {
        getStatus: () => updates.getStatus(),
        check: () => updates.check(),
        installAndRestart: () => updates.installAndRestart(),
      },
    },
    options.log,
  );
  return { dispatcher, events };
}
