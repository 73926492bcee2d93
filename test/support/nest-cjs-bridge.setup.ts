/**
 * Jest setup (tests only): the NestJS modules that the CommonJS unit-of-work packages require (nestjs-cls,
 * @nestjs-cls/transactional), imported as ES modules into this test file's registry and handed to them by
 * test/support/nest-cjs-bridge.cjs. A new `require("@nestjs/…")` in those packages fails loudly until it is listed here.
 */
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import * as unknownDependencies from '@nestjs/core/errors/exceptions/unknown-dependencies.exception.js';
import * as injector from '@nestjs/core/injector/injector.js';

(globalThis as { __nestEsm?: Record<string, unknown> }).__nestEsm = {
  '@nestjs/common': common,
  '@nestjs/core': core,
  '@nestjs/core/errors/exceptions/unknown-dependencies.exception': unknownDependencies,
  '@nestjs/core/injector/injector': injector,
};
