/**
 * Test files that run a mail worker (mail, account mail, privacy requests, self-scheduling, and the sweeps whose fixtures
 * send mail). Their workers all consume the run's one mail queue, so one file's worker would deliver another file's
 * email with its own configuration to its own SMTP server. They run one at a time, after the others
 * (`JEST_PHASE=mail jest --runInBand`, see package.json); the first phase leaves them out.
 */
const MAIL_WORKER_FILES = [
  'test/e2e/account-emails.e2e.spec.ts',
  'test/e2e/mail-inbox.e2e.spec.ts',
  'test/e2e/mail-offers.e2e.spec.ts',
  'test/e2e/mail.e2e.spec.ts',
  'test/e2e/privacy-anonymize.e2e.spec.ts',
  'test/e2e/privacy-export.e2e.spec.ts',
  'test/e2e/privacy-self-service.e2e.spec.ts',
  'test/e2e/self-scheduling.e2e.spec.ts',
  'test/e2e/webhooks-events.e2e.spec.ts',
  'test/security/cross-tenant-sweep.spec.ts',
  'test/security/self-identification-sweep.spec.ts',
];
const mailPhase = process.env.JEST_PHASE === 'mail';

/** Jest runs in native ESM mode: NestJS 12 ships ES modules only. */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: mailPhase
    ? MAIL_WORKER_FILES.map((file) => `<rootDir>/${file}`)
    : ['<rootDir>/test/**/*.spec.ts', '<rootDir>/libs/**/__tests__/**/*.spec.ts', '<rootDir>/apps/**/__tests__/**/*.spec.ts'],
  testPathIgnorePatterns: mailPhase ? ['/node_modules/'] : ['/node_modules/', ...MAIL_WORKER_FILES.map((file) => file.replace(/\./g, '\\.'))],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // content-disposition 3 is ESM-only but is require()d by @fastify/static (CommonJS); Node 20's
    // require(esm) is not available inside Jest, so this one package is compiled to CommonJS for tests.
    '/node_modules/content-disposition/.+\\.js$': ['ts-jest', { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } }],
    // nestjs-cls and @nestjs-cls/* (the unit of work) are CommonJS that require() NestJS 12 (ES modules only): their
    // `require("@nestjs/…")` is pointed at the ES modules nest-cjs-bridge.setup.ts imports (production: Node's require(esm)).
    '/node_modules/(nestjs-cls|@nestjs-cls/[^/]+)/.+\\.js$': '<rootDir>/test/support/nest-cjs-bridge.cjs',
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|nestjs-cls|@nestjs-cls)/)'],
  setupFiles: ['<rootDir>/test/support/nest-cjs-bridge.setup.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 30000,
  // The mail phase runs one file at a time even without --runInBand: two files' workers would share the run's mail queue.
  maxWorkers: mailPhase ? 1 : 2,
};
