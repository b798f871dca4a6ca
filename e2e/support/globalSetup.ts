// The e2e run gets a temp dir of its own (testing/runTmpDir.ts): apps, browsers and received files.
import { useRunTmpDir } from '../../testing/runTmpDir';

export default function globalSetup(): () => void {
  return useRunTmpDir();
}
