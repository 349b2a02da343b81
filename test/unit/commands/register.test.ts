/** A failing command is logged redacted: secrets quoted by an error never reach the log. */
import * as assert from 'node:assert/strict';
import type { CommandContext } from '../../../src/commands/context';
import type * as RegisterModule from '../../../src/commands/register';
import { installVscodeStub, uninstallVscodeStub, window as stubWindow } from '../support/vscodeStub';

describe('commands/register wrapCommand', () => {
  let wrapCommand: typeof RegisterModule.wrapCommand;

  before(() => {
    installVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ wrapCommand } = require('../../../src/commands/register') as typeof RegisterModule);
  });
  after(() => uninstallVscodeStub());

  it('logs the message and the stack with credentials redacted', async () => {
    const lines: string[] = [];
    const log = { error: (m: string) => lines.push(m), show: () => undefined };
    const ctx = { services: { log }, tree: {} } as unknown as CommandContext;
    const run = wrapCommand(ctx, {
      id: 'amiExplorer.test' as never,
      title: 'Test',
      run: () => {
        throw new Error('signed with x-amz-security-token: IQoJb3JpZ2luSecretToken and AKIAIOSFODNN7EXAMPLE');
      },
    });
    assert.equal(await run(), undefined);
    assert.equal(lines.length, 2, 'the message, then the stack');
    for (const line of lines) {
      assert.ok(!line.includes('IQoJb3JpZ2luSecretToken'), line);
      assert.ok(!line.includes('AKIAIOSFODNN7EXAMPLE'), line);
    }
    assert.match(lines[1] ?? '', /\n\s+at /);
  });

  it('shows the failure redacted, on one line, with no link a hostile message could plant', async () => {
    const shown: string[] = [];
    const original = stubWindow.showErrorMessage;
    stubWindow.showErrorMessage = (async (message: string) => void shown.push(message)) as typeof original;
    try {
      const ctx = { services: { log: { error: () => undefined, show: () => undefined } }, tree: {} } as unknown as CommandContext;
      const run = wrapCommand(ctx, {
        id: 'amiExplorer.test' as never,
        title: 'Test',
        run: () => {
          throw new Error('Image [run me](command:workbench.action.terminal.new)\u202E\nsecret aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
        },
      });
      await run();
    } finally {
      stubWindow.showErrorMessage = original;
    }
    assert.equal(shown.length, 1);
    const message = shown[0] ?? '';
    assert.match(message, /^Test failed: Image \[run me\] \(command:/);
    assert.doesNotMatch(message, /\]\(|\n|\u202E|wJalrXUtnFEMI/);
  });
});
