/**
 * Waits for a condition instead of a fixed time: resolves as soon as `condition()` holds (checked
 * every few milliseconds), rejects naming `what` after `timeoutMs`.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
