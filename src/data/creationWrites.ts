/**
 * Making images through the one change flow (issue #10): Copy to Region, Create from Instance,
 * Register from Snapshot. Each creation announces the NEW image twice, through ImageWrites:
 * `added` as soon as EC2 lists it (it shows in the tree as pending at once), and `updated` with
 * the field `state` once it is available (after the waiter). A copy carries a ClientToken that is
 * kept for the same form in this session, so sending the same copy again after a failure cannot
 * copy twice; another form gets a new token.
 */
import { randomUUID } from 'node:crypto';
import type { AmiRef } from '../model/image';
import {
  buildRegisterRequest,
  copyFormProblems,
  createFormProblems,
  sameCopyForm,
  toCopyRequest,
  type CopyForm,
  type CreateForm,
  type RegisterForm,
} from '../model/imageCreation';
import { fail, ok, type Result } from '../model/result';
import type { ExtensionServices } from '../services';
import type { ImageWrites, WriteOutcome } from './imageWrites';

/** What a creation reports once EC2 accepted it. */
export interface CreationStarted {
  /** The new image (profile of the caller, region where it is made). */
  readonly ref: AmiRef;
  /** EC2's answer was lost and the image was found by its name. */
  readonly recovered: boolean;
  /** The `added` announcement (or why the tree does not show it yet). */
  readonly added: WriteOutcome;
}

type Services = Pick<ExtensionServices, 'aws' | 'log'>;

export class CreationWrites {
  /** The last copy forms of this session, each with its ClientToken (most recent last). */
  private readonly copyTokens: { profile: string | undefined; form: CopyForm; token: string }[] = [];

  constructor(
    private readonly services: Services,
    private readonly writes: Pick<ImageWrites, 'announceAdded' | 'announceUpdate'>,
    private readonly newToken: () => string = randomUUID,
  ) {}

  /** The ClientToken of a copy: the one used before for the same form (a retry), else a new one. */
  copyToken(profile: string | undefined, form: CopyForm): string {
    const known = this.copyTokens.find((t) => t.profile === profile && sameCopyForm(t.form, form));
    if (known) return known.token;
    const token = this.newToken();
    this.copyTokens.push({ profile, form: { ...form }, token });
    if (this.copyTokens.length > 20) this.copyTokens.shift();
    return token;
  }

  /** CopyImage into form.targetRegion; announces `added` for the copy. */
  async copy(profile: string | undefined, form: CopyForm, signal?: AbortSignal): Promise<Result<CreationStarted>> {
    const problems = copyFormProblems(form);
    if (problems.length > 0) return fail({ kind: 'invalidInput', message: `${problems.join(' ')} Nothing was sent.`, region: form.targetRegion });
    const token = this.copyToken(profile, form);
    const made = await this.services.aws().creation(profile).copyImage(form.targetRegion, toCopyRequest(form), token, signal);
    return this.started(profile, form.targetRegion, made, signal);
  }

  /** CreateImage from form.instanceId; announces `added` for the new image. */
  async create(profile: string | undefined, form: CreateForm, signal?: AbortSignal): Promise<Result<CreationStarted>> {
    const problems = createFormProblems(form);
    if (problems.length > 0) return fail({ kind: 'invalidInput', message: `${problems.join(' ')} Nothing was sent.`, region: form.region });
    const request = {
      instanceId: form.instanceId,
      name: form.name,
      ...(form.description !== '' ? { description: form.description } : {}),
      noReboot: form.noReboot,
      ...(Object.keys(form.tags).length > 0 ? { tags: form.tags } : {}),
    };
    const made = await this.services.aws().creation(profile).createImage(form.region, request, signal);
    return this.started(profile, form.region, made, signal);
  }

  /** RegisterImage (always an architecture and hvm); announces `added` for the new image. */
  async register(profile: string | undefined, form: RegisterForm, signal?: AbortSignal): Promise<Result<CreationStarted>> {
    const built = buildRegisterRequest(form);
    if (!built.ok) return fail({ kind: 'invalidInput', message: `${built.problems.join(' ')} Nothing was sent.`, region: form.region });
    const made = await this.services.aws().creation(profile).registerImage(form.region, built.request, signal);
    return this.started(profile, form.region, made, signal);
  }

  /**
   * Waits (the SDK's waiter) until the new image is available, then announces `updated` (state).
   * A cancelled signal stops waiting only: the failure is `cancelled` and nothing else changes.
   */
  async waitUntilAvailable(ref: AmiRef, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    const waited = await this.services.aws().creation(ref.profile).waitUntilAvailable(ref.region, ref.imageId, signal);
    if (!waited.ok) return waited;
    return ok(await this.writes.announceUpdate(ref, ['state'], (image) => image.state === 'available', signal));
  }

  private async started(profile: string | undefined, region: string, made: Result<{ imageId: string; recovered?: boolean }>, signal?: AbortSignal): Promise<Result<CreationStarted>> {
    if (!made.ok) return made;
    const ref: AmiRef = { region, imageId: made.value.imageId, ...(profile !== undefined ? { profile } : {}) };
    if (made.value.recovered) this.services.log.warn(`The answer to a creation in ${region} was lost; ${ref.imageId} was found by its name.`);
    const added = await this.writes.announceAdded(ref, signal);
    // A failed read-back does not undo the creation: it is reported as not yet visible.
    const outcome: WriteOutcome = added.ok ? added.value : { change: undefined, notYetVisible: `${ref.imageId} was made, but reading it back failed (${added.error.message}). Refresh ${region} to see it.` };
    return ok({ ref, recovered: made.value.recovered === true, added: outcome });
  }
}

const perServices = new WeakMap<object, CreationWrites>();

/** The session's CreationWrites (one per extension services object, so copy tokens live for the session). */
export function creationWritesFor(services: Services, writes: Pick<ImageWrites, 'announceAdded' | 'announceUpdate'>): CreationWrites {
  let found = perServices.get(services);
  if (!found) perServices.set(services, (found = new CreationWrites(services, writes)));
  return found;
}
