import { decodeCursor, encodeCursor, fitsCursorType } from '../pagination/keyset.js';
import { jsonDepth } from '../http/json-body.js';
import { findMalformedQuery, findUnsafeText } from '../http/unsafe-text.js';

/** What `fn` throws, or undefined when it returns. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('cursor values are checked against their column types', () => {
  it.each([
    ['timestamp', '2026-11-30 05:00:18.123456+00'],
    ['timestamp', '2026-11-30 05:00:18+05:30'],
    ['timestamp', '2024-02-29T23:59:59.999Z'],
    ['uuid', '3F1C2B9E-8A8D-4A56-9A43-1B6F2F0D6C11'],
    ['int', '2147483647'],
    ['int', 42],
    ['bigint', '9223372036854775807'],
    ['float', '0.0759909'],
    ['float', '1e-05'],
    ['text', 'Grace Hopper'],
    ['text', 'Zoë 😀'],
  ] as const)('%s accepts %p', (type, value) => expect(fitsCursorType(value, type)).toBe(true));

  it.each([
    ['timestamp', 'not-a-date'],
    ['timestamp', '2026-02-30 10:00:00+00'],
    ['timestamp', '2026-11-30 24:00:00+00'],
    ['timestamp', '0000-01-01 00:00:00+00'],
    ['timestamp', 1700000000],
    ['uuid', 'x'],
    ['uuid', '3f1c2b9e8a8d4a569a431b6f2f0d6c11'],
    ['int', '2147483648'],
    ['int', '1.5'],
    ['bigint', '9223372036854775808'],
    ['float', 'NaN'],
    ['float', '1e999'],
    ['text', 'a\u0000b'],
    ['text', null],
  ] as const)('%s refuses %p', (type, value) => expect(fitsCursorType(value, type)).toBe(false));

  it('decodes what it encodes, and refuses a cursor of the wrong shape as a 400 naming cursor', () => {
    const cursor = encodeCursor(['2026-11-30 05:00:18.123456+00', '3f1c2b9e-8a8d-4a56-9a43-1b6f2f0d6c11']);
    expect(decodeCursor(cursor, ['timestamp', 'uuid'])).toEqual(['2026-11-30 05:00:18.123456+00', '3f1c2b9e-8a8d-4a56-9a43-1b6f2f0d6c11']);
    expect(thrownBy(() => decodeCursor(cursor, ['float', 'uuid']))).toMatchObject({ code: 'request.invalid_cursor', errors: [{ field: 'cursor' }] });
    expect(thrownBy(() => decodeCursor(cursor, ['timestamp']))).toMatchObject({ code: 'request.invalid_cursor' });
  });
});

describe('JSON depth is counted in one pass, brackets inside strings excluded', () => {
  it.each([
    ['{}', 1],
    ['[[[]]]', 3],
    ['{"a":[{"b":[]}],"c":{}}', 4],
    ['{"a":"[[[[{{{{"}', 1],
    ['{"a":"\\"[[[["}', 1],
    ['{"a":"\\\\","b":[[]]}', 3],
    ['"just a string"', 0],
  ])('%s is %i deep', (json, depth) => expect(jsonDepth(Buffer.from(json))).toBe(depth));

  it('stops counting past the limit', () => expect(jsonDepth(Buffer.from('['.repeat(100_000)), 64)).toBe(65));
});

describe('unsafe text is found by field path', () => {
  it('names nested fields, array items and keys', () => {
    expect(
      findUnsafeText({ name: 'ok', salary: { currency: 'E\u0000UR' }, tags: ['a', '\ud800'], ['k\u0000']: 1 })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['k\ufffd', 'salary.currency', 'tags.1']);
    expect(findUnsafeText({ emoji: '😀', accents: 'Zoë' })).toEqual([]);
  });

  it('names query fields whose percent-encoding is not UTF-8', () => {
    expect(findMalformedQuery('/v1/candidates?q=%ED%A0%80&tag=ok&x=%FF').map((e) => e.field)).toEqual(['q', 'x']);
    expect(findMalformedQuery('/v1/candidates?q=Zo%C3%AB+Lee&cursor=abc')).toEqual([]);
  });
});
