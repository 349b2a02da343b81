/**
 * catalog (issue #11): the emulator's SSM parameters, per region. Only what the catalog reads:
 * AWS's public parameters (`/aws/service/...`), String values, one current version each. Tests
 * read the expected answers here (`store.ssm.get(region, name)`) and may add or remove parameters.
 */

export interface EmuParameter {
  name: string;
  /** SSM's parameter type; public parameters are all 'String'. */
  type: 'String' | 'StringList';
  value: string;
  version: number;
  /** Epoch milliseconds (SSM's JSON sends epoch seconds). */
  lastModified: number;
  /** 'aws:ec2:image' for parameters whose value is an image id, else 'text'. */
  dataType: 'aws:ec2:image' | 'text';
}

export class SsmParameterStore {
  private readonly regions = new Map<string, Map<string, EmuParameter>>();

  /** Adds or replaces a parameter. */
  put(region: string, parameter: EmuParameter): void {
    let map = this.regions.get(region);
    if (!map) this.regions.set(region, (map = new Map()));
    map.set(parameter.name, { ...parameter });
  }

  get(region: string, name: string): EmuParameter | undefined {
    const p = this.regions.get(region)?.get(name);
    return p ? { ...p } : undefined;
  }

  delete(region: string, name: string): boolean {
    return this.regions.get(region)?.delete(name) ?? false;
  }

  /** Every parameter of the region, sorted by name (the order GetParametersByPath walks). */
  list(region: string): EmuParameter[] {
    return [...(this.regions.get(region)?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((p) => ({ ...p }));
  }

  /** The public parameter's ARN as SSM writes it (no account for AWS's public parameters). */
  static arn(region: string, name: string): string {
    return `arn:aws:ssm:${region}::parameter${name.startsWith('/') ? '' : '/'}${name}`;
  }
}
