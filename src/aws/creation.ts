/**
 * Creating images: CopyImage, CreateImage (from an instance), RegisterImage (from a snapshot), and waiting until a new image is available.
 * Every method returns a Result and never throws; each passes its AbortSignal to the SDK.
 */
import { ProfileService } from './serviceBase';
import type { ImageCreationOperations } from './types';

export class CreationService extends ProfileService implements ImageCreationOperations {}
