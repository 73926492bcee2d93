import { deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { detectResumeKind } from '../resume-content.js';
import { DEFAULT_READER_LIMITS, docxDocumentXml, UnreadableFile } from '../resume-text-reader.js';
import { readZipDirectory } from '../zip-directory.js';

const docx = (files: Record<string, string>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));

/** A ZIP listing one deflated entry `times` times, all pointing at the same bytes. */
function repeatedEntry(name: string, deflated: Buffer, declared: number, times: number): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Array.from({ length: times }, () => {
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(deflated.length, 20);
    entry.writeUInt32LE(declared, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    return Buffer.concat([entry, nameBytes]);
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(times, 8);
  end.writeUInt16LE(times, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(30 + nameBytes.length + deflated.length, 16);
  return Buffer.concat([local, nameBytes, deflated, directory, end]);
}

describe('resume type by content (request side: nothing inflated)', () => {
  it('finds PDF, DOCX and text, and refuses a ZIP without word/document.xml, a truncated ZIP and binary data', () => {
    expect(detectResumeKind(Buffer.from('%PDF-1.7\n...'))).toBe('pdf');
    const word = docx({ 'word/document.xml': '<w:document/>', '[Content_Types].xml': '<Types/>' });
    expect(detectResumeKind(word)).toBe('docx');
    expect(detectResumeKind(Buffer.from('Jane Doe\nEngineer\n'))).toBe('txt');
    expect(detectResumeKind(docx({ 'xl/workbook.xml': '<workbook/>' }))).toBeNull();
    expect(detectResumeKind(word.subarray(0, word.length - 10))).toBeNull();
    expect(detectResumeKind(Buffer.from([0x4d, 0x5a, 0x00, 0x01]))).toBeNull();
  });

  it('takes the sizes a directory claims (2 GB over 40 listings of one entry) from the directory alone', () => {
    const bomb = repeatedEntry('word/document.xml', deflateRawSync(Buffer.alloc(1024)), 50 * 1024 * 1024, 40);
    expect(detectResumeKind(bomb)).toBe('docx');
    const directory = readZipDirectory(bomb)!;
    expect(directory.declaredEntries).toBe(40);
    expect(directory.entries.reduce((sum, e) => sum + e.uncompressedSize, 0)).toBe(40 * 50 * 1024 * 1024);
  });

  it('gives null, not an exception, for a directory pointing outside the file', () => {
    const broken = repeatedEntry('word/document.xml', Buffer.alloc(4), 4, 1);
    broken.writeUInt32LE(0xfffffff0, broken.length - 6); // directory offset far past the end
    expect(readZipDirectory(broken)).toBeNull();
  });
});

describe('DOCX limits (sandbox side), checked from the directory before inflating', () => {
  const read = (zip: Buffer) => {
    try {
      return docxDocumentXml(zip, DEFAULT_READER_LIMITS).length;
    } catch (error) {
      return error instanceof UnreadableFile ? error.message : `unexpected: ${String(error)}`;
    }
  };

  it('refuses an entry listed twice, a declared total over the budget and too many entries', () => {
    expect(read(repeatedEntry('word/document.xml', deflateRawSync(Buffer.alloc(10)), 10, 2))).toMatch(/more than once/);
    expect(read(repeatedEntry('word/document.xml', deflateRawSync(Buffer.alloc(10)), 100 * 1024 * 1024, 1))).toMatch(/more than 64 MB/);
    const many = docx(
      Object.fromEntries([['word/document.xml', '<w:document/>'], ...Array.from({ length: 1001 }, (_, i): [string, string] => [`word/media/${i}.xml`, 'x'])]),
    );
    expect(read(many)).toMatch(/more than 1000 parts/);
  });

  it('stops inflating at the declared size when the entry holds more', () => {
    expect(read(repeatedEntry('word/document.xml', deflateRawSync(Buffer.alloc(1024 * 1024)), 1000, 1))).toMatch(/more than it declares/);
  });

  it('reads a well-formed document', () => {
    expect(read(docx({ 'word/document.xml': '<w:document><w:body/></w:document>' }))).toBe(34);
  });
});
