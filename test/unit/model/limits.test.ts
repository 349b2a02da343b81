/**
 * One set of bounds and defaults for the numeric settings: package.json declares the same ones the
 * settings parser and the service layer use.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keys, parseSettings, SECTION } from '../../../src/config';
import { REGION_RE } from '../../../src/model/format';
import { ATTEMPTS, CONCURRENCY, PAGE_SIZE, clampToBounds } from '../../../src/model/limits';

interface SettingSchema {
  default?: unknown;
  minimum?: number;
  maximum?: number;
  items?: { pattern?: string };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> } | { properties: Record<string, SettingSchema> }[] };
};

function setting(key: string): SettingSchema {
  const config = manifest.contributes.configuration;
  const all = Array.isArray(config) ? config : [config];
  const found = all.map((c) => c.properties[`${SECTION}.${key}`]).find((p) => p !== undefined);
  assert.ok(found, `package.json declares ${SECTION}.${key}`);
  return found;
}

describe('model/limits', () => {
  for (const [key, bounds] of [
    [Keys.pageSize, PAGE_SIZE],
    [Keys.maxConcurrentRegions, CONCURRENCY],
    [Keys.maxAttempts, ATTEMPTS],
  ] as const) {
    it(`package.json's ${key} has the default and bounds of model/limits`, () => {
      const s = setting(key);
      assert.deepEqual({ min: s.minimum, max: s.maximum, default: s.default }, { ...bounds });
    });
  }

  it('clampToBounds keeps each operation to its own range', () => {
    assert.deepEqual([1, 5, 999.9, 5000, undefined, Number.NaN, '50'].map((v) => clampToBounds(v, PAGE_SIZE)), [5, 5, 999, 1000, 50, 50, 50]);
    // SSM GetParametersByPath takes 1..10 per page.
    const ssm = { min: 1, max: 10, default: 10 };
    assert.deepEqual([0, 3, 11, undefined].map((v) => clampToBounds(v, ssm)), [1, 3, 10, 10]);
  });

  it('the settings parser falls back to the same defaults', () => {
    const s = parseSettings({ get: () => undefined }, true);
    assert.deepEqual([s.pageSize, s.maxConcurrentRegions, s.maxAttempts], [PAGE_SIZE.default, CONCURRENCY.default, ATTEMPTS.default]);
  });

  it("package.json's region pattern is the model's", () => {
    assert.equal(setting(Keys.regions).items?.pattern, REGION_RE.source.replace('(?:', '('));
  });
});
