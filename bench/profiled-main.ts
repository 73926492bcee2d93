/**
 * Runs an API entry point under `node --cpu-prof` and exits normally on SIGUSR2, so Node writes the profile
 * (a signal that kills the process would lose it). Usage: PROFILE_MAIN=<path to main.js> node --cpu-prof … profiled-main.js
 */
process.on('SIGUSR2', () => process.exit(0));
await import(process.env.PROFILE_MAIN!);
