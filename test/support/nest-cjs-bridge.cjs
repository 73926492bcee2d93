/**
 * Jest transform (tests only) for the unit-of-work packages: nestjs-cls, @nestjs-cls/transactional and its TypeORM
 * adapter ship CommonJS that require() NestJS, and NestJS 12 is ES modules only. Node (>= 20.19) lets CommonJS
 * require() an ES module, so production loads them natively; Jest's module registry does not. This transform rewrites
 * each `require("@nestjs/…")` in those packages to the ES module namespace that test/support/nest-cjs-bridge.setup.ts
 * imported into the same test file's registry (so both sides share one @nestjs/common, one @nestjs/core).
 */
const { createHash } = require('node:crypto');

const NEST_REQUIRE = /require\("(@nestjs\/[^"]+)"\)/g;

module.exports = {
  process(source, path) {
    const code = source.replace(NEST_REQUIRE, (_, specifier) => {
      return `(globalThis.__nestEsm && globalThis.__nestEsm[${JSON.stringify(specifier)}] || (() => { throw new Error(${JSON.stringify(
        `nest-cjs-bridge: ${specifier} (required by ${path}) is not imported by test/support/nest-cjs-bridge.setup.ts`,
      )}); })())`;
    });
    return { code };
  },
  getCacheKey(source, path) {
    return createHash('sha256').update('nest-cjs-bridge-1').update(path).update(source).digest('hex');
  },
};
