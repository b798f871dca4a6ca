export function locateElectron(): { path?: string; reason?: string };
