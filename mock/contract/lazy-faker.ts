/**
 * Prism's mocker requires @faker-js/faker 6 at load time — every locale, over a second of startup — yet only
 * `Prefer: dynamic=true` bodies with `x-faker` hints ever touch it. Before prism-http is loaded, this puts a
 * stand-in for that module in the require cache whose faker loads the real one on first use.
 * Tied to @stoplight/prism-http 5.12.0 (pinned): its JSONSchema generator is the module's only importer.
 */
import { createRequire, Module } from "node:module";
import { dirname } from "node:path";

const require = createRequire(import.meta.url);

type Faker = Record<PropertyKey, unknown>;

export function deferFakerLoading(): void {
  const fakerPath = require.resolve("@faker-js/faker", { paths: [dirname(require.resolve("@stoplight/prism-http"))] });
  if (require.cache[fakerPath]) return;
  let real: { faker: Faker } | undefined;
  const load = (): Faker => {
    if (!real) {
      delete require.cache[fakerPath];
      real = require(fakerPath) as { faker: Faker };
    }
    return real.faker;
  };
  const faker = new Proxy({} as Faker, {
    get: (_, key) => Reflect.get(load(), key),
    set: (_, key, value) => Reflect.set(load(), key, value),
    has: (_, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  const standIn = new Module(fakerPath);
  standIn.filename = fakerPath;
  standIn.loaded = true;
  standIn.exports = { __esModule: true, default: faker, faker };
  require.cache[fakerPath] = standIn;
}
