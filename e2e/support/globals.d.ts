import type { MeshworkApi } from '../../common/ipc/contract';

declare global {
  interface Window {
    meshwork?: MeshworkApi;
  }
}
