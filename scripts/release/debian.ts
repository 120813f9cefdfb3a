/**
 * The Debian package of a release: the release folder in /usr/lib/bianmin-kiosk/release,
 * whose install.sh (run by postinst) places it in /opt/bianmin-kiosk/releases/<version>.
 * The versioned folders stay outside dpkg's records, so an upgrade by package keeps the
 * release before it for rollback, as an update by tarball does (docs/deploy.md).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import { REPO_ROOT } from '../stack.js';
import { PROCESSORS, type ReleaseArch } from './targets.js';

/** What the package is for: its processor and the Node.js major and ABI of its native modules. */
export interface PackageTarget {
  arch: ReleaseArch;
  nodeMajor: number;
  nodeAbi: string;
}

/** Installed-Size: KiB, as dpkg counts it. */
function installedKib(dir: string): number {
  return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
}

function control(version: string, kib: number, target: PackageTarget): string {
  const major = target.nodeMajor;
  return `Package: bianmin-kiosk
Version: ${version}
Architecture: ${PROCESSORS[target.arch].debian}
Maintainer: Bianmin Kiosk maintainers <bianmin-kiosk@localhost>
Installed-Size: ${kib}
Depends: nodejs (>= ${major}), nodejs (<< ${major + 1}), udev, libusb-1.0-0, passwd, tar
Recommends: chromium | chromium-browser, fonts-noto-cjk, xserver-xorg, xserver-xorg-legacy, xinit, x11-xserver-utils
Section: misc
Priority: optional
Description: community government self-service terminal (便民自助终端)
 The device agent (ID-card reader, receipt printer, queue, outbox to the
 central service) serving the kiosk page, and Chromium in kiosk mode on it.
 Its native modules are built for Node.js ${major} (ABI ${target.nodeAbi}).
`;
}

export function buildDebianPackage(
  releaseDir: string,
  version: string,
  target: PackageTarget,
  outDir: string,
  compression: 'xz' | 'fast',
): Result<string, string> {
  const stage = join(outDir, 'deb-root');
  rmSync(stage, { recursive: true, force: true });
  const payload = join(stage, 'usr/lib/bianmin-kiosk/release');
  mkdirSync(join(stage, 'DEBIAN'), { recursive: true });
  mkdirSync(join(payload, '..'), { recursive: true });
  // Hard links: the stage is read once by dpkg-deb and removed.
  execFileSync('cp', ['-al', releaseDir, payload]);
  for (const script of readdirSync(join(REPO_ROOT, 'packaging/debian'))) {
    cpSync(join(REPO_ROOT, 'packaging/debian', script), join(stage, 'DEBIAN', script));
  }
  writeFileSync(join(stage, 'DEBIAN/control'), control(version, installedKib(payload), target));
  const deb = join(outDir, `bianmin-kiosk_${version}_${PROCESSORS[target.arch].debian}.deb`);
  try {
    execFileSync(
      'dpkg-deb',
      [
        '--root-owner-group',
        ...(compression === 'xz' ? ['-Zxz'] : ['-Zgzip', '-z1']),
        '--build',
        stage,
        deb,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    return err(`dpkg-deb failed: ${error instanceof Error ? error.message : 'unknown error'}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return ok(deb);
}
