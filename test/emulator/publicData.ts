/**
 * Loads the public AMI records copied into test/emulator/data/. The code runs from out/test/emulator
 * after tsc, so the file is found by walking up to the folder holding package.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PublicAmiRecord {
  ami_id: string;
  name: string;
  description: string | null;
  owner_id: string;
  architecture: string;
  platform: string | null;
  public: boolean;
  state: string;
  root_device_name: string;
  root_device_type: string;
  sriov: string | null;
  hypervisor: string;
  virtualization_type: string;
  image_type: string;
}

export type PublicAmiData = Record<string, PublicAmiRecord[]>;

let cached: PublicAmiData | undefined;

export function findPackageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'emulator'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`EC2 emulator: no package.json above ${from}`);
    dir = parent;
  }
}

export function loadPublicAmis(): PublicAmiData {
  if (!cached) {
    const file = path.join(findPackageRoot(), 'test', 'emulator', 'data', 'public-amis-by-region.json');
    cached = JSON.parse(fs.readFileSync(file, 'utf8')) as PublicAmiData;
  }
  return cached;
}
