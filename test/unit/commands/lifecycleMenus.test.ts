/**
 * The retire commands (#10) in the image context menu: owned images only, by state (the `when`
 * clauses matched against the tree's own contextValues), Deregister and Disable in the
 * destructive group, and all of them in the palette (with the image picker).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../../src/commands/ids';
import { imageContextValue, type ImageVisibility } from '../../../src/model/format';
import type { AmiImage } from '../../../src/model/image';
import { richImage } from '../model/inspectFixtures';

const root = join(__dirname, '..', '..', '..', '..');
const NOW = new Date('2026-12-06T00:00:00Z');

interface Manifest {
  contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string; group?: string }[]> };
}

describe('commands/lifecycle (retire) menus', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const entry = (id: string): { re: RegExp; group: string } => {
    const entries = manifest.contributes.menus['view/item/context']?.filter((m) => m.command === id) ?? [];
    assert.equal(entries.length, 1, id);
    const when = entries[0]?.when ?? '';
    assert.match(when, /!listMultiSelection/);
    const pattern = /viewItem =~ \/(.+?)\/(?: |$)/.exec(when)?.[1];
    assert.ok(pattern, `${id}: a viewItem regex`);
    return { re: new RegExp(pattern), group: entries[0]?.group ?? '' };
  };
  const cv = (patch: Partial<AmiImage>, owned = true, visibility: ImageVisibility = 'private'): string => imageContextValue(richImage({ deprecationTime: undefined, deregistrationProtection: 'disabled', ...patch } as Partial<AmiImage>), visibility, NOW, owned);
  const offered = (id: string, contextValue: string): boolean => entry(id).re.test(contextValue);

  it('every retire command is contributed with a title and left in the palette', () => {
    for (const id of [COMMAND_IDS.deregister, COMMAND_IDS.enableDeregistrationProtection, COMMAND_IDS.disableDeregistrationProtection, COMMAND_IDS.deprecate, COMMAND_IDS.cancelDeprecation, COMMAND_IDS.disable, COMMAND_IDS.enable]) {
      assert.ok(manifest.contributes.commands.some((c) => c.command === id && c.title.length > 0), id);
      const palette = manifest.contributes.menus.commandPalette?.find((m) => m.command === id);
      assert.ok(palette === undefined || palette.when !== 'false', `${id} in the palette`);
    }
  });

  it('none is offered on an image I do not own', () => {
    for (const id of [COMMAND_IDS.deregister, COMMAND_IDS.enableDeregistrationProtection, COMMAND_IDS.deprecate, COMMAND_IDS.disable]) {
      for (const visibility of ['public', 'shared', 'private'] as ImageVisibility[]) assert.equal(offered(id, cv({ state: 'available' }, false, visibility)), false, `${id} ${visibility}`);
    }
    assert.equal(offered(COMMAND_IDS.enable, cv({ state: 'disabled' }, false)), false);
    assert.equal(offered(COMMAND_IDS.disableDeregistrationProtection, cv({ state: 'available', deregistrationProtection: 'enabled' }, false)), false);
  });

  it('by state: protection on/off, a deprecation time (past or future), disabled or available', () => {
    const plain = cv({ state: 'available' });
    const protectedCv = cv({ state: 'available', deregistrationProtection: 'enabled-with-cooldown' });
    assert.ok(offered(COMMAND_IDS.enableDeregistrationProtection, plain));
    assert.ok(!offered(COMMAND_IDS.disableDeregistrationProtection, plain));
    assert.ok(!offered(COMMAND_IDS.enableDeregistrationProtection, protectedCv));
    assert.ok(offered(COMMAND_IDS.disableDeregistrationProtection, protectedCv));
    assert.ok(!offered(COMMAND_IDS.cancelDeprecation, plain));
    assert.ok(offered(COMMAND_IDS.cancelDeprecation, cv({ state: 'available', deprecationTime: '2099-01-01T00:00:00Z' })), 'scheduled');
    assert.ok(offered(COMMAND_IDS.cancelDeprecation, cv({ state: 'available', deprecationTime: '2020-01-01T00:00:00Z' })), 'already deprecated');
    assert.ok(offered(COMMAND_IDS.disable, plain) && !offered(COMMAND_IDS.enable, plain));
    const disabled = cv({ state: 'disabled' });
    assert.ok(offered(COMMAND_IDS.enable, disabled) && !offered(COMMAND_IDS.disable, disabled));
    for (const c of [plain, protectedCv, disabled]) assert.ok(offered(COMMAND_IDS.deregister, c) && offered(COMMAND_IDS.deprecate, c));
  });

  it('Deregister and Disable sit in the destructive group', () => {
    assert.match(entry(COMMAND_IDS.deregister).group, /^9_destructive@/);
    assert.match(entry(COMMAND_IDS.disable).group, /^9_destructive@/);
  });
});
