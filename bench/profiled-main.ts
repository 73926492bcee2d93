import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Runs an API entry point under `node --cpu-prof` and exits normally on SIGUSR2, so Node writes the profile
 * (a signal that kills the process would lose it). Usage: PROFILE_MAIN=<path to main.js> node --cpu-prof … profiled-main.js
 * PROFILE_ALLOCATIONS=<dir> also samples every allocation (those the garbage collector has since freed included: what
 * a request costs the collector) once the first SIGUSR1 arrives, and writes allocations.heapprofile there on SIGUSR2.
 * PROFILE_SURVIVORS=1 keeps only what young collections did not free: every sample a scavenge freed is dropped (also
 * one that survived an earlier scavenge), so what is left is what reached the old generation (promoted, the copying
 * that makes a scavenge expensive, and the full collections after) or is still alive; one more scavenge runs before
 * the profile is taken, so the garbage still in the young generation then is not counted.
 */
let session: Session | undefined;
const allocationsDir = process.env.PROFILE_ALLOCATIONS;
const survivorsOnly = process.env.PROFILE_SURVIVORS === '1';
let collectGarbage: ((options: { type: 'minor'; execution: 'sync' }) => void) | undefined;
if (survivorsOnly) {
  setFlagsFromString('--expose-gc');
  collectGarbage = runInNewContext('gc') as typeof collectGarbage;
}
if (allocationsDir) {
  process.on('SIGUSR1', () => {
    if (session) return;
    session = new Session();
    session.connect();
    void session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: !survivorsOnly,
    });
  });
}
process.on('SIGUSR2', () => {
  if (!session) process.exit(0);
  collectGarbage?.({ type: 'minor', execution: 'sync' });
  void session.post('HeapProfiler.stopSampling').then(({ profile }) => {
    writeFileSync(join(allocationsDir!, 'allocations.heapprofile'), JSON.stringify(profile));
    process.exit(0);
  });
});
await import(process.env.PROFILE_MAIN!);
