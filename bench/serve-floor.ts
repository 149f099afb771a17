/** Child process: serves the hand-written SQL floor on a free port and prints its address. */
import { startFloorServer } from './floor-server.js';

const floor = await startFloorServer(process.argv[2]!);
process.stdout.write(`${JSON.stringify({ url: floor.url })}\n`);
process.once('SIGTERM', () => void floor.close().then(() => process.exit(0)));
