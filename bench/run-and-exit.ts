/** Runs a bench script's main and exits with its outcome (0, or 1 after printing the error): open pools and timers never keep a finished bench alive. */
export function runAndExit(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
