/**
 * The Recycle Bin: deregistered images and deleted snapshots kept by a retention rule, listed and restored.
 * Every method returns a Result and never throws; each passes its AbortSignal to the SDK.
 */
import { ProfileService } from './serviceBase';
import type { RecycleBinOperations } from './types';

export class RecycleBinService extends ProfileService implements RecycleBinOperations {}
