/**
 * Mocha root hooks for the UI suite (`mocha --require out/test/ui/support/hooks.js`): one
 * emulator + code-server + Chromium for the whole run, and a screenshot of every open workbench
 * when a test fails.
 */
import type { Context } from 'mocha';
import { screenshotOpenWorkbenches, startUiEnvironment, stopUiEnvironment } from './workbench';

export const mochaHooks = {
  async beforeAll(this: Context): Promise<void> {
    this.timeout(180_000);
    await startUiEnvironment();
  },
  async afterEach(this: Context): Promise<void> {
    const test = this.currentTest;
    if (test?.state === 'failed') await screenshotOpenWorkbenches(test.fullTitle());
  },
  async afterAll(this: Context): Promise<void> {
    this.timeout(60_000);
    await stopUiEnvironment();
  },
};
