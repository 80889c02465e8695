import type { Bilingual } from '#shared/platform/errors';

/**
 * Limits of an OOXML package (.docx, .xlsx: a zip), checked from its central directory before anything inflates it,
 * so that a small file that inflates to gigabytes (a zip bomb) is refused without being opened. The directory's
 * sizes can lie; the parse that follows runs in a worker under a memory limit as well (`bounded.ts`).
 */
export const PACKAGE_LIMITS = {
  /** a filled template or a report has a few dozen parts */
  maxEntries: 1000,
  /** all parts together, inflated */
  maxUncompressedBytes: 64 * 1024 ** 2,
  /** inflated ÷ compressed for any part larger than `ratioFloorBytes` (ordinary XML compresses 5–20×) */
  maxRatio: 100,
  ratioFloorBytes: 1024 ** 2,
};

export interface ZipEntry {
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
}

export interface PackageProblem {
  code: 'PACKAGE_UNREADABLE' | 'PACKAGE_TOO_MANY_PARTS' | 'PACKAGE_TOO_LARGE_INFLATED' | 'PACKAGE_RATIO';
  message: Bilingual;
}

const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CENTRAL = 0x02014b50;
const ZIP64 = 0xffffffff;

/**
 * The entries of a zip's central directory (no decompression), from the file's tail and, when the directory lies
 * before it, a ranged read. `undefined` when there is no readable directory (not a zip, truncated, or zip64 —
 * which no template or report of ours needs).
 */
export async function zipDirectory(
  tail: Buffer,
  size: number,
  read: (range: [number, number]) => Promise<Buffer>,
): Promise<ZipEntry[] | undefined> {
  const eocd = tail.lastIndexOf(EOCD);
  if (eocd < 0 || eocd + 22 > tail.length) return undefined;
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === ZIP64 || cdSize === ZIP64 || cdOffset + cdSize > size) return undefined;
  const tailStart = size - tail.length;
  const cd =
    cdOffset >= tailStart
      ? tail.subarray(cdOffset - tailStart, cdOffset - tailStart + cdSize)
      : await read([cdOffset, cdOffset + cdSize - 1]);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== CENTRAL) return undefined;
    const compressedBytes = cd.readUInt32LE(at + 20);
    const uncompressedBytes = cd.readUInt32LE(at + 24);
    if (compressedBytes === ZIP64 || uncompressedBytes === ZIP64) return undefined;
    const nameLength = cd.readUInt16LE(at + 28);
    const extra = cd.readUInt16LE(at + 30);
    const comment = cd.readUInt16LE(at + 32);
    entries.push({
      name: cd.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      compressedBytes,
      uncompressedBytes,
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** The directory of a zip held whole in memory. */
export const zipDirectoryOf = (buf: Buffer) =>
  zipDirectory(buf.subarray(Math.max(0, buf.length - 1024 ** 2)), buf.length, async ([from, to]) =>
    buf.subarray(from, to + 1),
  );

/** What is wrong with a package's directory against the limits; empty when it may be opened. */
export function packageProblems(entries: ZipEntry[] | undefined, limits = PACKAGE_LIMITS): PackageProblem[] {
  if (!entries) {
    return [
      {
        code: 'PACKAGE_UNREADABLE',
        message: { zh: '文件的压缩包结构无法读取', en: 'The file’s zip structure cannot be read' },
      },
    ];
  }
  const problems: PackageProblem[] = [];
  if (entries.length > limits.maxEntries) {
    problems.push({
      code: 'PACKAGE_TOO_MANY_PARTS',
      message: {
        zh: `文件包含 ${entries.length} 个部件，超过上限 ${limits.maxEntries} 个`,
        en: `The file holds ${entries.length} parts, more than the limit of ${limits.maxEntries}`,
      },
    });
  }
  const inflated = entries.reduce((sum, e) => sum + e.uncompressedBytes, 0);
  if (inflated > limits.maxUncompressedBytes) {
    const mb = (n: number) => (n / 1024 ** 2).toFixed(0);
    problems.push({
      code: 'PACKAGE_TOO_LARGE_INFLATED',
      message: {
        zh: `文件解压后为 ${mb(inflated)} MB，超过上限 ${mb(limits.maxUncompressedBytes)} MB`,
        en: `The file inflates to ${mb(inflated)} MB, more than the limit of ${mb(limits.maxUncompressedBytes)} MB`,
      },
    });
  }
  const suspicious = entries.find(
    (e) => e.uncompressedBytes > limits.ratioFloorBytes && e.uncompressedBytes > limits.maxRatio * e.compressedBytes,
  );
  if (suspicious) {
    problems.push({
      code: 'PACKAGE_RATIO',
      message: {
        zh: `文件部件“${suspicious.name}”的压缩比异常（超过 ${limits.maxRatio} 倍）`,
        en: `The part "${suspicious.name}" is compressed more than ${limits.maxRatio}-fold`,
      },
    });
  }
  return problems;
}
