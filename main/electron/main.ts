/**
 * The desktop shell. Everything here is Electron glue: the services it wires up are the
 * same plain classes browser mode uses (see main/services).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, globalShortcut, Menu, powerMonitor, session } from 'electron';
import { findJoinLinkInArgs, LINK_SCHEME, parseJoinLink, type JoinLink } from '../../common/links';
import { loadMainConfig } from '../config';
import { startEmbeddedServer, type EmbeddedServer } from '../embeddedServer';
import { createLogger } from '../log';
import { buildCsp } from '../security/csp';
import { createMainServices, type MainServices } from '../services/mainServices';
import { UnsupportedUpdates, type UpdateService } from '../services/updateService';
import { buildAppMenu } from './appMenu';
import { APP_ORIGIN, registerAppSchemePrivileges, serveRenderer } from './appProtocol';
import { installDisplayMediaPicker } from './displayMediaPicker';
import { ElectronUpdates, updatesUnavailableReason } from './autoUpdates';
import { NativeConsentDialog } from './consentDialog';
import { NativeFolderDialog } from './folderDialog';
import { hardenWebContents, restrictPermissions } from './hardening';
import { forwardEvents, registerIpc } from './ipcBridge';
import { startTrayTimer } from './trayTimer';
import { SYNC_PAGES_WORKER } from '../sync/syncPages';

const log = createLogger('meshwork-main');
const distDir = path.resolve(__dirname, '..');
let mainWindow: BrowserWindow | null = null;
let services: MainServices | null = null;
let embedded: EmbeddedServer | null = null;
let stopTray: (() => void) | null = null;
/** A link that arrived before the window could take it. */
let pendingLink: JoinLink | null = findJoinLinkInArgs(process.argv);

registerAppSchemePrivileges();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const link = findJoinLinkInArgs(argv);
    if (link) deliverLink(link);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseJoinLink(url);
    if (link) deliverLink(link);
  });
  app.setAsDefaultProtocolClient(LINK_SCHEME);
  hardenWebContents(APP_ORIGIN, log);
  app.whenReady().then(start, (error: unknown) => fatal(error));
  app.on('window-all-closed', () => {
    // With the tray timer up, closing the window keeps the timer one click away; Quit is in the tray menu.
    if (process.platform !== 'darwin' && !stopTray) app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && services) createWindow(services);
  });
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    stopTray?.();
    services?.close();
    void embedded?.stop();
  });
}

async function start(): Promise<void> {
  const config = loadMainConfig(process.env, app.getPath('userData'));
  mkdirSync(config.dataDir, { recursive: true });
  if (!config.serverUrl) {
    embedded = await startEmbeddedServer({
      entry: path.join(distDir, 'server', 'server.cjs'),
      dataDir: path.join(config.dataDir, 'server'),
      log,
    });
  }
  const serverUrl = config.serverUrl ?? embedded!.url;

  const unavailable = updatesUnavailableReason(config.updateUrl);
  const updates: UpdateService = unavailable ? new UnsupportedUpdates(unavailable) : new ElectronUpdates(config.updateUrl!, log);

  services = createMainServices({
    app: {
      mode: 'electron',
      serverUrl,
      embeddedServer: embedded !== null,
      electronVersion: process.versions.electron,
      chromeVersion: process.versions.chrome,
    },
    updates,
    log,
    remote: { consentPrompt: new NativeConsentDialog(() => mainWindow), scaleFactor: config.displayScale },
    tracker: {
      dataDir: config.dataDir,
      migrationsDir: path.join(distDir, 'migrations'),
      idleSource: { idleSeconds: () => powerMonitor.getSystemIdleTime() },
    },
    meetings: {
      dataDir: config.dataDir,
      joinCode: embedded?.joinCode ?? config.joinCode,
      receiveFolder: config.receiveDir,
      maxReceiveBytes: config.maxReceiveBytes,
      folderPicker: new NativeFolderDialog(() => mainWindow),
    },
    // Worker threads cannot load scripts from inside the asar archive (electron-builder.yml unpacks it).
    sync: { workspaceId: config.workspaceId, joinCode: embedded?.joinCode ?? config.joinCode, pagesWorker: path.join(distDir, SYNC_PAGES_WORKER).replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`) },
  });
  const live = services;
  if (updates instanceof ElectronUpdates) {
    updates.onStatus((status) => {
      live.events.emit('updates.status', status);
      Menu.setApplicationMenu(buildAppMenu(updates));
    });
  }
  Menu.setApplicationMenu(buildAppMenu(updates));

  serveRenderer(session.defaultSession, path.join(distDir, 'renderer'), buildCsp({ serverUrl }));
  restrictPermissions(session.defaultSession, APP_ORIGIN);
  installDisplayMediaPicker(session.defaultSession, APP_ORIGIN, live.screenPicker, () => live.remote.sessions().length > 0);
  registerIpc(services.dispatcher, APP_ORIGIN);
  createWindow(services);
  // The panic button: ends every remote-control session wherever focus is.
  globalShortcut.register('CommandOrControl+Shift+Escape', () => void live.remote.revoke(null));
  stopTray = startTrayTimer(services, showMainWindow, log);
  if (updates instanceof ElectronUpdates) void updates.check();
}

function showMainWindow(): void {
  if (!mainWindow && services) createWindow(services);
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.show();
  mainWindow?.focus();
}

function createWindow(live: MainServices): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Meshwork',
    backgroundColor: '#101318',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  const stopForwarding = forwardEvents(live.events, window);
  window.on('closed', () => {
    stopForwarding();
    if (mainWindow === window) mainWindow = null;
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.once('did-finish-load', () => {
    if (pendingLink) deliverLink(pendingLink);
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  mainWindow = window;
}

function deliverLink(link: JoinLink): void {
  if (!services || !mainWindow || mainWindow.webContents.isLoading()) {
    pendingLink = link;
    return;
  }
  pendingLink = null;
  services.events.emit('app.joinLink', link);
}

function fatal(error: unknown): void {
  log.fatal({ err: error }, 'Meshwork failed to start');
  app.exit(1);
}
