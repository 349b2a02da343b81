/**
 * The launch flow for one image, shared by the launch panel and Quick Launch: the choices a form
 * offers (types that can run the image, key pairs, VPCs → subnets → security groups), remembered
 * choices per profile and region, the dry-run verdict, and the launch itself with one ClientToken
 * per attempt (kept across retries and re-submissions of the same request, so nothing launches
 * twice). No `vscode` UI here: progress is reported through a callback, dialogs live in src/ui.
 *
 * CONTRACT (issue #9): types and the LaunchData interface are shared by the panel and commands.
 */
import type { AmiImage, AmiRef } from '../model/image';
import type {
  CreatedKeyPair,
  FieldProblem,
  InstanceTypeInfo,
  KeyPairInfo,
  LaunchDefaults,
  LaunchedReservation,
  LaunchField,
  LaunchForm,
  SecurityGroupInfo,
  SubnetInfo,
  VpcInfo,
} from '../model/launch';
import type { AwsFailure, Result } from '../model/result';

/** What a launch form starts from. */
export interface LaunchOptions {
  image: AmiImage;
  /** Types that can run the image, in picker order. */
  instanceTypes: InstanceTypeInfo[];
  /** How many of the region's types cannot run the image (left out). */
  excludedTypes: number;
  keyPairs: KeyPairInfo[];
  vpcs: VpcInfo[];
  /** Subnets and groups of the form's VPC (the remembered one when it still exists, else the default VPC). */
  subnets: SubnetInfo[];
  securityGroups: SecurityGroupInfo[];
  /** The first form: remembered choices where they still exist, else defaults. */
  form: LaunchForm;
  /** The remembered choices as stored (undefined: none yet). */
  remembered?: LaunchDefaults;
}

/** What validation says about a form. */
export type LaunchVerdict =
  /** EC2 answered DryRunOperation: the launch would succeed. */
  | { kind: 'valid' }
  /** Local checks failed: nothing was sent. */
  | { kind: 'invalid'; problems: FieldProblem[] }
  /** The dry run answered an error; `field` when the code says which, `marketplaceUrl` for subscriptionRequired. */
  | { kind: 'refused'; failure: AwsFailure; field?: LaunchField; marketplaceUrl?: string };

export type LaunchOutcome =
  /** Validation (local or dry run) refused the form: nothing was launched. */
  | { kind: 'refused'; verdict: Exclude<LaunchVerdict, { kind: 'valid' }> }
  /** RunInstances failed and no reservation with the attempt's token exists. Submitting the same form again reuses the token. */
  | { kind: 'failed'; failure: AwsFailure }
  | {
      kind: 'launched';
      reservation: LaunchedReservation;
      /** True when the response was lost and the reservation was found by its ClientToken. */
      recovered: boolean;
      /** Every instance reached running (instances then carry their addresses). */
      running: boolean;
      /** The person stopped waiting (nothing was terminated). */
      waitCancelled: boolean;
      /** Waiting failed for another reason (the instances exist). */
      waitFailure?: AwsFailure;
    };

/** Progress of a launch, for a notification. */
export interface LaunchProgress {
  report(message: string): void;
}

export interface LaunchData {
  readonly ref: AmiRef;
  loadOptions(signal?: AbortSignal): Promise<Result<LaunchOptions>>;
  subnets(vpcId: string, signal?: AbortSignal): Promise<Result<SubnetInfo[]>>;
  securityGroups(vpcId: string, signal?: AbortSignal): Promise<Result<SecurityGroupInfo[]>>;
  /** Names of the types offered in a zone (DescribeInstanceTypeOfferings), to mark the others. */
  typesOfferedIn(availabilityZone: string, signal?: AbortSignal): Promise<Result<string[]>>;
  keyPairs(signal?: AbortSignal): Promise<Result<KeyPairInfo[]>>;
  /** Local checks, then RunInstances DryRun. */
  validate(form: LaunchForm, signal?: AbortSignal): Promise<LaunchVerdict>;
  /**
   * Validates (always), then RunInstances with the attempt's ClientToken, then waits for running
   * (aborting `signal` during the wait stops waiting only). Remembers the choices on success.
   */
  launch(form: LaunchForm, progress: LaunchProgress, signal?: AbortSignal): Promise<LaunchOutcome>;
  /** CreateKeyPair; the caller writes the key material to the user's file (src/ui). */
  createKeyPair(keyName: string, keyType: 'rsa' | 'ed25519', signal?: AbortSignal): Promise<Result<CreatedKeyPair>>;
}
