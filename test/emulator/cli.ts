/**
 * `npm run emulator -- --port N [--seed S] [--images-per-region K] [--regions a,b,c] [--no-public-images]`
 * Runs the EC2 emulator in the foreground until interrupted.
 */
import { startEmulator, type EmulatorOptions } from './index';

function parseArgs(argv: string[]): EmulatorOptions {
  const opts: EmulatorOptions = {};
  const int = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${flag} needs a non-negative integer`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        opts.port = int(flag, value());
        break;
      case '--seed':
        opts.seed = int(flag, value());
        break;
      case '--images-per-region':
        opts.imagesPerRegion = int(flag, value());
        break;
      case '--regions': {
        const v = value();
        if (!v) throw new Error('--regions needs a comma-separated list');
        opts.regions = v.split(',').map((s) => s.trim()).filter(Boolean);
        break;
      }
      case '--no-public-images':
        opts.publicImages = false;
        break;
      case '--help':
      case '-h':
        process.stdout.write('usage: npm run emulator -- --port N [--seed S] [--images-per-region K] [--regions a,b,c] [--no-public-images]\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${arg}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: EmulatorOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const emu = await startEmulator(opts);
  process.stdout.write(`EC2 emulator listening on ${emu.url}\n`);
  const stop = (): void => {
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
