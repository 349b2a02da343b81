/**
 * The launch page (runs in the webview). It holds the form, checks it as it changes with the
 * model's own validateLaunchForm (pure, bundled here), and asks the host for everything else:
 * the options, subnets and groups of another VPC, the types offered in a zone, creating a key
 * pair, reading a user data file, Validate and Launch (the host checks the form again, and
 * LaunchData validates before every launch). The form and the last outcome are kept with
 * setState, so a reload restores what was typed; options pushed by the host never replace it.
 */
import { render } from 'lit';
import { validateLaunchForm, type LaunchField, type LaunchForm } from '../../../model/launch.js';
import { sameRef } from '../../../model/image.js';
import { HostClient, followPanelStatus, readyFailed, showReady } from '../../common/client.js';
import {
  CopyRequest,
  CreateKeyPairRequest,
  LaunchProtocol,
  LaunchRequest,
  NetworkRequest,
  OfferingsRequest,
  OpenConsoleCommand,
  OpenMarketplaceCommand,
  RefreshCommand,
  UserDataFileRequest,
  ValidateRequest,
  isLaunchForm,
  isLaunchState,
  isOutcomeView,
  type LaunchModel,
  type LaunchState,
} from '../protocol.js';
import { launchPage, type LaunchActions, type PageView } from './render.js';

const client = new HostClient<LaunchState>();
const root = document.getElementById('app') ?? document.body;
const saved = client.api.getState();
const kept = isLaunchState(saved) ? saved : undefined;
let ref = kept?.ref;

const view: PageView = {
  ...(kept?.form && isLaunchForm(kept.form) ? { form: kept.form } : {}),
  ...(kept?.outcome && isOutcomeView(kept.outcome) ? { outcome: kept.outcome } : {}),
  typed: {},
  subnets: [],
  securityGroups: [],
  keyPairs: [],
  problems: [],
  loading: false,
};

/** Which VPC's subnets and groups the page shows, and which zone's offerings it asked for. */
let networkOf: string | undefined;
let offeringsOf: string | undefined;

function keep(): void {
  if (!ref) return;
  client.api.setState({ version: 1, ref, ...(view.form ? { form: view.form } : {}), ...(view.outcome ? { outcome: view.outcome } : {}) });
}

/** The page's own checks (the host and EC2 check again). */
function check(): void {
  const image = view.model?.options.image;
  if (!image || !view.form) {
    view.problems = [];
    return;
  }
  try {
    view.problems = validateLaunchForm(image, view.form, { types: view.model?.options.instanceTypes ?? [], subnets: view.subnets, securityGroups: view.securityGroups, vpcs: view.model?.options.vpcs ?? [] });
  } catch {
    view.problems = []; // the host checks anyway
  }
}

function update(): void {
  root.setAttribute('aria-busy', String(view.loading || view.busy !== undefined));
  render(launchPage(view, actions), root);
}

function changed(): void {
  delete view.verdict; // a verdict is about the form it was given
  if (view.note?.tone === 'error') delete view.note;
  check();
  update();
  keep();
}

function note(text: string, tone: 'info' | 'error', field?: LaunchField): void {
  view.note = { text, tone, ...(field ? { field } : {}) };
  update();
}

function subnetZone(): string | undefined {
  const id = view.form?.subnetId;
  return id ? view.subnets.find((s) => s.subnetId === id)?.availabilityZone : undefined;
}

/** Asks for the types offered in the chosen subnet's zone (once per zone), to mark the others. */
function followZone(): void {
  const zone = subnetZone();
  if (zone === offeringsOf) return;
  offeringsOf = zone;
  if (!zone) {
    delete view.offered;
    update();
    return;
  }
  client.request(OfferingsRequest, { availabilityZone: zone }).then(
    (r) => {
      if (offeringsOf !== zone) return;
      if (r.types) view.offered = { zone, types: r.types };
      else delete view.offered;
      if (r.message) note(r.message, 'error');
      else update();
    },
    () => undefined,
  );
}

/** Reads the subnets and groups of the form's VPC when they are not the ones shown. */
function followVpc(): void {
  const vpcId = view.form?.vpcId;
  if (!vpcId || vpcId === networkOf) {
    followZone();
    return;
  }
  networkOf = vpcId;
  view.busy = view.busy ?? 'network';
  update();
  client.request(NetworkRequest, { vpcId }).then(
    (r) => {
      if (view.busy === 'network') delete view.busy;
      if (networkOf !== vpcId) return;
      view.subnets = r.subnets;
      view.securityGroups = r.securityGroups;
      if (r.message) note(r.message, 'error', 'vpc');
      followZone();
      update();
    },
    (err: Error) => {
      if (view.busy === 'network') delete view.busy;
      note(err.message, 'error', 'vpc');
    },
  );
}

function parseCount(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return undefined;
  return Number(t);
}

function afterOutcome(): void {
  update();
  keep();
  document.getElementById(view.outcome && view.outcome.kind !== 'refused' ? 'results' : 'verdict')?.scrollIntoView({ block: 'nearest' });
}

const actions: LaunchActions = {
  refresh: () => client.command(RefreshCommand, {}),
  set: (patch) => {
    if (!view.form) return;
    view.form = { ...view.form, ...patch };
    changed();
    if ('subnetId' in patch) followZone();
  },
  number: (key, text, apply) => {
    if (!view.form) return;
    const n = parseCount(text);
    if (n === undefined || String(n) !== text.trim()) view.typed[key] = text;
    else delete view.typed[key];
    view.form = { ...view.form, ...apply(n) };
    changed();
  },
  setVpc: (vpcId) => {
    if (!view.form) return;
    // Subnet and groups belong to a VPC: another VPC starts them afresh.
    view.form = { ...view.form, vpcId, subnetId: undefined, securityGroupIds: [] };
    if (!vpcId) {
      view.subnets = [];
      view.securityGroups = [];
      networkOf = undefined;
    }
    changed();
    followVpc();
  },
  setSubnet: (subnetId) => actions.set({ subnetId }),
  createKeyPair: () => {
    view.busy = 'keyPair';
    update();
    client.request(CreateKeyPairRequest, {}).then(
      (r) => {
        delete view.busy;
        if (r.keyPairs) view.keyPairs = r.keyPairs;
        if (r.keyName && view.form) {
          if (!view.keyPairs.some((p) => p.keyName === r.keyName)) view.keyPairs = [...view.keyPairs, { keyName: r.keyName }];
          view.form = { ...view.form, keyName: r.keyName };
          changed();
        }
        if (r.message) note(r.message, r.keyName ? 'info' : 'error', 'keyName');
        else update();
      },
      (err: Error) => {
        delete view.busy;
        note(err.message, 'error', 'keyName');
      },
    );
  },
  userDataFromFile: () => {
    view.busy = 'userData';
    update();
    client.request(UserDataFileRequest, {}).then(
      (r) => {
        delete view.busy;
        if (r.text !== undefined && view.form) {
          view.form = { ...view.form, userData: r.text || undefined };
          changed();
          if (r.file) note(`Read ${r.file}.`, 'info', 'userData');
        } else if (r.message) {
          note(r.message, 'error', 'userData'); // the text area keeps what it held
        } else update();
      },
      (err: Error) => {
        delete view.busy;
        note(err.message, 'error', 'userData');
      },
    );
  },
  validate: () => {
    const form = view.form;
    if (!form || view.busy) return;
    view.busy = 'validate';
    delete view.verdict;
    delete view.note;
    update();
    client.request(ValidateRequest, { form }).then(
      (verdict) => {
        delete view.busy;
        view.verdict = verdict;
        afterOutcome();
      },
      (err: Error) => {
        delete view.busy;
        view.verdict = { kind: 'refused', message: err.message };
        afterOutcome();
      },
    );
  },
  launch: () => {
    const form: LaunchForm | undefined = view.form;
    if (!form || view.busy) return;
    view.busy = 'launch';
    delete view.verdict;
    delete view.note;
    update();
    client.request(LaunchRequest, { form }).then(
      (outcome) => {
        delete view.busy;
        if (outcome.kind === 'refused') view.verdict = outcome.verdict;
        else view.outcome = outcome;
        afterOutcome();
      },
      (err: Error) => {
        delete view.busy;
        view.outcome = { kind: 'failed', message: err.message };
        afterOutcome();
      },
    );
  },
  copy: (instanceId, what) => {
    client.request(CopyRequest, { instanceId, what }).then(
      // A copy may come with a remark (a guessed key file path): shown with it.
      (r) => note(r.copied ? `Copied ${r.copied}${r.message ? `. ${r.message}` : ''}` : (r.message ?? 'Nothing was copied.'), r.copied ? 'info' : 'error'),
      (err: Error) => note(`Could not copy: ${err.message}`, 'error'),
    );
  },
  openConsole: (instanceId) => client.command(OpenConsoleCommand, { instanceId }),
  openMarketplace: () => client.command(OpenMarketplaceCommand, {}),
};

/** New options from the host: shown, but the form as typed stays (a first model gives the first form). */
function show(model: LaunchModel): void {
  view.model = model;
  delete view.error;
  ref = model.ref;
  view.keyPairs = model.options.keyPairs;
  if (!view.form) view.form = model.options.form;
  if (!view.form.vpcId || view.form.vpcId === model.options.form.vpcId) {
    view.subnets = model.options.subnets;
    view.securityGroups = model.options.securityGroups;
    networkOf = model.options.form.vpcId ?? view.form.vpcId;
  }
  check();
  update();
  keep();
  followVpc();
}

client.on(LaunchProtocol.State, ({ model }) => show(model));
followPanelStatus(client, LaunchProtocol, view, update);

root.replaceChildren();
update();

client.request(LaunchProtocol.Ready, { hasState: false }).then(
  (r) => {
    if (!ref || !sameRef(ref, r.key)) {
      ref = r.key;
      delete view.form;
      delete view.outcome;
      keep();
    }
    showReady(view, r, show, update);
  },
  readyFailed(view, update),
);
