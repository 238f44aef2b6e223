// Local infrastructure for development: `node -r ./tools/register.js tools/infra.ts up|down|check [--test]`.
import { runInfraCli } from '../libs/testing/src/infra/cli';

void runInfraCli(process.argv.slice(2)).then((code) => process.exit(code));
