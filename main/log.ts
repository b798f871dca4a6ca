/** Structured logs (pino) for every main-process service, Electron and browser mode alike. */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(name: string, level = process.env.MESHWORK_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level });
}
