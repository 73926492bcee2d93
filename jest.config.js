/** Jest runs in native ESM mode: NestJS 12 ships ES modules only. */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/libs/**/__tests__/**/*.spec.ts', '<rootDir>/apps/**/__tests__/**/*.spec.ts'],
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
  maxWorkers: 2,
};
