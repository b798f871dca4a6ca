export * from './inputInjector';
export { createInputInjector, InjectorUnavailableError, type CreateInjectorOptions } from './createInputInjector';
export { normalisedToPhysical } from './coordinates';
export { probeDisplay, type DisplayProbe } from './displayProbe';
export { KEY_CODES } from './keyCodes';
export { UnsupportedKeyError } from './nativeInputInjector';
export { loadSystemClipboard } from './systemClipboard';
