// Jest's runtime (jest-runtime), with V8's code cache kept across the test files of one worker.
//
// Jest evaluates every module again for each test file (each file has its own module registry),
// and compiles each one again: the same few thousand files (Nest, TypeORM, pg, the service's own
// sources) are parsed by V8 once per test file. Here each compilation of a CommonJS module
// (vm.compileFunction) or an ES module (vm.SourceTextModule) by this worker keeps the code cache
// V8 produces, and the next compilation of the same source (same file, same text) starts from it.
// Modules are still evaluated per test file, in that file's own context: only the parsing is
// shared, so what a test sees is unchanged. Configured as `runtime` in jest.config.js.
'use strict';
const { createHash } = require('node:crypto');
const vm = require('node:vm');

/**
 * A module compiled from a code cache resolves its dynamic `import()` through the runtime of the
 * test file that first compiled it (already torn down): such modules are compiled afresh each time.
 */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

/** file name → { digest of the source, V8 code cache } */
const caches = new Map();

function digest(source) {
  return createHash('sha1').update(source).digest('base64');
}

function cached(filename, source) {
  const entry = filename ? caches.get(filename) : undefined;
  if (!entry) return { hash: filename ? digest(source) : undefined, data: undefined };
  const hash = digest(source);
  return { hash, data: entry.hash === hash ? entry.data : undefined };
}

const compileFunction = vm.compileFunction;
vm.compileFunction = function compileFunctionWithCache(code, params, options = {}) {
  const filename = options.filename;
  if (!filename || options.cachedData || options.produceCachedData || DYNAMIC_IMPORT.test(code)) return compileFunction.call(this, code, params, options);
  const { hash, data } = cached(filename, code);
  if (data) {
    const fn = compileFunction.call(this, code, params, { ...options, cachedData: data });
    if (!fn.cachedDataRejected) return fn;
  }
  const fn = compileFunction.call(this, code, params, { ...options, produceCachedData: true });
  if (fn.cachedDataProduced && fn.cachedData) caches.set(filename, { hash, data: fn.cachedData });
  return fn;
};

const SourceTextModule = vm.SourceTextModule;
if (SourceTextModule) {
  vm.SourceTextModule = class SourceTextModuleWithCache extends SourceTextModule {
    constructor(code, options = {}) {
      const filename = options.identifier;
      const { hash, data } = filename && !options.cachedData && !DYNAMIC_IMPORT.test(code) ? cached(filename, code) : { hash: undefined, data: undefined };
      super(code, data ? { ...options, cachedData: data } : options);
      // A rejected cache (cachedDataRejected) or none yet: keep the code cache of this compilation.
      if (hash && (!data || this.cachedDataRejected)) {
        try {
          caches.set(filename, { hash, data: this.createCachedData() });
        } catch {
          /* no code cache for this one: it is compiled again next time */
        }
      }
    }
  };
}

module.exports = require('jest-runtime');
