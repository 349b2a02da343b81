/**
 * One registry of command ids: the constants of src/commands/ids.ts, the commands of
 * src/commands/all.ts and package.json's contributions name the same set, both ways; each command
 * lives in src/commands/<area>/<command>.ts.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as AllModule from '../../../src/commands/all';
import { COMMAND_IDS } from '../../../src/commands/ids';
import { installVscodeStub, uninstallVscodeStub } from '../support/vscodeStub';

const root = join(__dirname, '..', '..', '..', '..');

interface Manifest {
  contributes: { commands: { command: string; title: string; category?: string }[]; menus: Record<string, { command: string }[]> };
}

describe('commands/registry', () => {
  let ALL_COMMANDS: typeof AllModule.ALL_COMMANDS;
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const contributed = manifest.contributes.commands.map((c) => c.command);

  before(() => {
    installVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ ALL_COMMANDS } = require('../../../src/commands/all') as typeof AllModule);
  });
  after(() => uninstallVscodeStub());

  it('every contributed command is registered, and every registered one is contributed', () => {
    const registered = ALL_COMMANDS.map((c) => c.id);
    assert.deepEqual([...registered].sort(), [...contributed].sort());
    assert.equal(new Set(registered).size, registered.length, 'no command registered twice');
  });

  it('the id constants are exactly the registered commands', () => {
    assert.deepEqual(Object.values(COMMAND_IDS).sort(), ALL_COMMANDS.map((c) => c.id).sort());
  });

  it('menus name only contributed commands, and every command has the category and a title', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) assert.ok(contributed.includes(e.command), `${menu}: ${e.command} is not contributed`);
    }
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'AMI Explorer', c.command);
      assert.ok(c.title.length > 0, c.command);
    }
    for (const c of ALL_COMMANDS) assert.ok(c.title.length > 0, c.id);
  });

  it('commands live one per file in src/commands/<area>/, one area folder per id group', () => {
    const dir = join(root, 'src', 'commands');
    const areas = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const files = areas.flatMap((a) => readdirSync(join(dir, a)).filter((f) => f.endsWith('.ts')).map((f) => `${a}/${f}`));
    const commandFiles = files.filter((f) => /export default defineCommand\(/.test(readFileSync(join(dir, f), 'utf8')));
    assert.equal(commandFiles.length, ALL_COMMANDS.length, `one file per command: ${commandFiles.join(', ')}`);
    const allSource = readFileSync(join(dir, 'all.ts'), 'utf8');
    for (const f of commandFiles) assert.ok(allSource.includes(`'./${f.replace(/\.ts$/, '')}'`), `${f} is in the registry`);
  });
});
