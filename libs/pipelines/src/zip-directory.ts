/**
 * Reads a ZIP's central directory (names, sizes, methods, offsets) without inflating anything.
 * Every read is bounds-checked; a damaged or hostile directory gives null, never an exception.
 * The cost is linear in the directory's size, which is at most the file's size.
 */

export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated; anything else is not read. */
  method: number;
  compressedSize: number;
  /** What the directory claims; inflation is still capped by the reader. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

/**
 * The central directory's entries, or null when the bytes are not a readable ZIP (no end record,
 * entries outside the file, ZIP64). `maxEntries` stops reading a directory that lists too many.
 */
export function readZipDirectory(data: Uint8Array, maxEntries = 10_000): { entries: ZipEntry[]; declaredEntries: number } | null {
  if (data.length < EOCD_MIN) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let eocd = -1;
  const lowest = Math.max(0, data.length - EOCD_MIN - MAX_COMMENT);
  for (let i = data.length - EOCD_MIN; i >= lowest; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const declaredEntries = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64, which no resume needs.
  if (declaredEntries === 0xffff || directoryOffset === 0xffffffff || directoryOffset + directorySize > eocd) return null;
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let n = 0; n < declaredEntries && n < maxEntries; n++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE) return null;
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > eocd || localHeaderOffset + 30 > directoryOffset || compressedSize === 0xffffffff || uncompressedSize === 0xffffffff)
      return null;
    const name = decoder.decode(data.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, declaredEntries };
}

/** Where an entry's compressed bytes are (after its local header), or null when they are not inside the file. */
export function entryData(data: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > data.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  return end <= data.length ? data.subarray(start, end) : null;
}

/** The local-header signature every ZIP starts with. */
export function looksLikeZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}
