/**
 * Installs the pinned Artillery the engine's e2e test uses (into packages/artillery-engine-llhls/
 * .artillery, gitignored), so CI can download it beside the unit suites instead of inside the
 * e2e run. Usage: node --import tsx scripts/install-artillery.ts
 */
import { ARTILLERY_VERSION, installArtillery } from '../test/helpers/artillery.js';

const seconds = installArtillery();
process.stderr.write(
  seconds === 0
    ? `llhls: Artillery ${ARTILLERY_VERSION} already installed\n`
    : `llhls: Artillery ${ARTILLERY_VERSION} installed in ${seconds.toFixed(0)} s\n`,
);
