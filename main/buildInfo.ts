/** Injected by the bundler from app/package.json; tests run unbundled and see the fallback. */
declare const __MESHWORK_VERSION__: string | undefined;

export const APP_NAME = 'Meshwork';
export const APP_VERSION: string = typeof __MESHWORK_VERSION__ === 'string' ? __MESHWORK_VERSION__ : '0.0.0-dev';
