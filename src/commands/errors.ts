/**
 * Failures a command reports to the person: what went wrong and the next step. Handlers throw
 * CommandError (or return nothing); the wrapper in registerCommands.ts logs and shows it.
 */
import type { AwsFailure } from '../model/result';

export class CommandError extends Error {
  constructor(
    message: string,
    readonly nextStep?: string,
    /** The underlying AWS failure, when there is one (its kind picks the buttons offered). */
    readonly failure?: AwsFailure,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Turns a typed AWS failure into a CommandError carrying its next step. */
export function fromFailure(failure: AwsFailure): CommandError {
  return new CommandError(failure.message, failure.nextStep, failure);
}
