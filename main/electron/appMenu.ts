import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { UpdateService } from '../services/updateService';

/** The standard menu plus the update commands, rebuilt when the update state changes. */
export function buildAppMenu(updates: UpdateService): Menu {
  const status = updates.getStatus();
  const updateItems: MenuItemConstructorOptions[] =
    status.state === 'ready'
      ? [{ label: `Restart to Install ${status.version}`, click: () => updates.installAndRestart() }]
      : [
          {
            label: 'Check for Updates…',
            enabled: status.state !== 'unsupported' && status.state !== 'checking' && status.state !== 'downloading',
            click: () => void updates.check(),
          },
        ];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { label: 'Help', submenu: updateItems },
  ];
  return Menu.buildFromTemplate(template);
}
