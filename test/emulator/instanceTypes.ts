/**
 * The instance type catalogue DescribeInstanceTypes answers with: a realistic cross-section of
 * EC2's types, with the fields launching depends on as AWS reports them. Previous-generation Xen
 * types boot legacy BIOS only (some also take i386 and paravirtual images); Nitro x86 types take
 * legacy BIOS and UEFI and require ENA; Graviton (arm64) types boot UEFI only; one Mac type.
 * Free-tier eligible: t2.micro, t3.micro and t4g.micro, as AWS marks them.
 */
import type { EmuInstanceType } from './types';

type Family = 'xenOld' | 'xen' | 'nitro' | 'graviton' | 'mac';

const FAMILY_DEFAULTS: Record<Family, Omit<EmuInstanceType, 'instanceType' | 'vCpus' | 'memoryMiB'>> = {
  xenOld: {
    currentGeneration: false, freeTierEligible: false, architectures: ['i386', 'x86_64'], bootModes: ['legacy-bios'],
    virtualizationTypes: ['hvm', 'paravirtual'], enaSupport: 'unsupported', hypervisor: 'xen', bareMetal: false, burstable: false,
    networkPerformance: 'Low to Moderate', manufacturer: 'Intel',
  },
  xen: {
    currentGeneration: true, freeTierEligible: false, architectures: ['x86_64'], bootModes: ['legacy-bios'],
    virtualizationTypes: ['hvm'], enaSupport: 'supported', hypervisor: 'xen', bareMetal: false, burstable: false,
    networkPerformance: 'Moderate', manufacturer: 'Intel',
  },
  nitro: {
    currentGeneration: true, freeTierEligible: false, architectures: ['x86_64'], bootModes: ['legacy-bios', 'uefi'],
    virtualizationTypes: ['hvm'], enaSupport: 'required', hypervisor: 'nitro', bareMetal: false, burstable: false,
    networkPerformance: 'Up to 12.5 Gigabit', manufacturer: 'Intel',
  },
  graviton: {
    currentGeneration: true, freeTierEligible: false, architectures: ['arm64'], bootModes: ['uefi'],
    virtualizationTypes: ['hvm'], enaSupport: 'required', hypervisor: 'nitro', bareMetal: false, burstable: false,
    networkPerformance: 'Up to 12.5 Gigabit', manufacturer: 'AWS',
  },
  mac: {
    currentGeneration: true, freeTierEligible: false, architectures: ['x86_64_mac'], bootModes: ['uefi'],
    virtualizationTypes: ['hvm'], enaSupport: 'required', bareMetal: true, burstable: false,
    networkPerformance: '25 Gigabit', manufacturer: 'Intel',
  },
};

function row(family: Family, instanceType: string, vCpus: number, memoryMiB: number, extra: Partial<EmuInstanceType> = {}): EmuInstanceType {
  const base = FAMILY_DEFAULTS[family];
  return { ...base, architectures: [...base.architectures], bootModes: [...base.bootModes], virtualizationTypes: [...base.virtualizationTypes], instanceType, vCpus, memoryMiB, ...extra };
}

const BURST = { burstable: true } as const;
const FREE = { freeTierEligible: true } as const;

/** The catalogue, in the order EC2 answers (by name). */
export const INSTANCE_TYPES: readonly EmuInstanceType[] = [
  // Xen, previous generation: i386-capable, paravirtual, no ENA.
  row('xenOld', 't1.micro', 1, 627, { virtualizationTypes: ['paravirtual'], ...BURST }),
  row('xenOld', 'm1.small', 1, 1740),
  row('xenOld', 'm3.medium', 1, 3840, { architectures: ['x86_64'] }),
  // Xen, current generation.
  row('xen', 't2.nano', 1, 512, { architectures: ['i386', 'x86_64'], enaSupport: 'unsupported', ...BURST }),
  row('xen', 't2.micro', 1, 1024, { architectures: ['i386', 'x86_64'], enaSupport: 'unsupported', ...BURST, ...FREE }),
  row('xen', 't2.small', 1, 2048, { architectures: ['i386', 'x86_64'], enaSupport: 'unsupported', ...BURST }),
  row('xen', 't2.medium', 2, 4096, { architectures: ['i386', 'x86_64'], enaSupport: 'unsupported', ...BURST }),
  row('xen', 'c4.large', 2, 3840, { enaSupport: 'unsupported' }),
  row('xen', 'm4.large', 2, 8192),
  row('xen', 'r4.large', 2, 15616, { networkPerformance: 'Up to 10 Gigabit' }),
  row('xen', 'p3.2xlarge', 8, 62464, { networkPerformance: 'Up to 10 Gigabit' }),
  // Nitro, x86_64: legacy BIOS and UEFI, ENA required.
  row('nitro', 't3.nano', 2, 512, { ...BURST, networkPerformance: 'Up to 5 Gigabit' }),
  row('nitro', 't3.micro', 2, 1024, { ...BURST, ...FREE, networkPerformance: 'Up to 5 Gigabit' }),
  row('nitro', 't3.small', 2, 2048, { ...BURST, networkPerformance: 'Up to 5 Gigabit' }),
  row('nitro', 't3.medium', 2, 4096, { ...BURST, networkPerformance: 'Up to 5 Gigabit' }),
  row('nitro', 't3.large', 2, 8192, { ...BURST, networkPerformance: 'Up to 5 Gigabit' }),
  row('nitro', 't3a.micro', 2, 1024, { ...BURST, manufacturer: 'AMD', networkPerformance: 'Up to 5 Gigabit' }),
  row('nitro', 'm5.large', 2, 8192, { networkPerformance: 'Up to 10 Gigabit' }),
  row('nitro', 'm5.xlarge', 4, 16384, { networkPerformance: 'Up to 10 Gigabit' }),
  row('nitro', 'c5.large', 2, 4096, { networkPerformance: 'Up to 10 Gigabit' }),
  row('nitro', 'c5.xlarge', 4, 8192, { networkPerformance: 'Up to 10 Gigabit' }),
  row('nitro', 'r5.large', 2, 16384, { networkPerformance: 'Up to 10 Gigabit' }),
  row('nitro', 'm6i.large', 2, 8192),
  row('nitro', 'c6i.large', 2, 4096),
  row('nitro', 'm7i.large', 2, 8192),
  row('nitro', 'c7i.large', 2, 4096),
  // Graviton, arm64: UEFI only.
  row('graviton', 'a1.medium', 1, 2048, { currentGeneration: false, networkPerformance: 'Up to 10 Gigabit' }),
  row('graviton', 'a1.large', 2, 4096, { currentGeneration: false, networkPerformance: 'Up to 10 Gigabit' }),
  row('graviton', 't4g.nano', 2, 512, { ...BURST, networkPerformance: 'Up to 5 Gigabit' }),
  row('graviton', 't4g.micro', 2, 1024, { ...BURST, ...FREE, networkPerformance: 'Up to 5 Gigabit' }),
  row('graviton', 't4g.small', 2, 2048, { ...BURST, networkPerformance: 'Up to 5 Gigabit' }),
  row('graviton', 'm6g.medium', 1, 4096, { networkPerformance: 'Up to 10 Gigabit' }),
  row('graviton', 'm6g.large', 2, 8192, { networkPerformance: 'Up to 10 Gigabit' }),
  row('graviton', 'c6g.large', 2, 4096, { networkPerformance: 'Up to 10 Gigabit' }),
  row('graviton', 'm7g.medium', 1, 4096),
  row('graviton', 'm7g.large', 2, 8192),
  row('graviton', 'c7g.large', 2, 4096),
  row('graviton', 'c7g.xlarge', 4, 8192),
  row('graviton', 'r7g.large', 2, 16384),
  // Mac (dedicated hosts only on real EC2; listed so the UI sees the architecture).
  row('mac', 'mac1.metal', 12, 32768),
].slice().sort((a, b) => a.instanceType.localeCompare(b.instanceType));

const BY_NAME = new Map(INSTANCE_TYPES.map((t) => [t.instanceType, t]));

export function findInstanceType(name: string): EmuInstanceType | undefined {
  return BY_NAME.get(name);
}

/**
 * Types the last zone of every region does not offer (the UI marks them there). Every other zone
 * offers the whole catalogue.
 */
export const NOT_IN_LAST_ZONE: readonly string[] = ['a1.large', 'a1.medium', 'mac1.metal', 'p3.2xlarge', 't1.micro'];

/** Whether `zone` (one of `zones`, in order) offers the type. */
export function offeredIn(instanceType: string, zone: string, zones: readonly string[]): boolean {
  return !(zones.length > 1 && zone === zones[zones.length - 1] && NOT_IN_LAST_ZONE.includes(instanceType));
}
