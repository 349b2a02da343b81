/**
 * An owned image's life: deregistration (with its snapshots), deregistration protection, deprecation, disabling and enabling.
 * Every method returns a Result and never throws; each passes its AbortSignal to the SDK.
 */
import { ProfileService } from './serviceBase';
import type { LifecycleOperations } from './types';

export class LifecycleService extends ProfileService implements LifecycleOperations {}
