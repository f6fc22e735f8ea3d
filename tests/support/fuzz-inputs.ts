import { deflateSync, gzipSync } from 'node:zlib';
import type { Prng } from './prng';

/**
 * Generators of hostile request parts for the fuzz drill: JSON of every
 * shape and type, bodies in wrong encodings and sizes, query strings and
 * path segments full of junk. All draws come from the caller's seeded Prng.
 */

const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.@';
const TRICKY = [
  'é',
  'ñ',
  '日本語',
  'Ω',
  '😀',
  '\u200b',
  '\u202e',
  '٣',
  'ß',
  '\u0000',
  '\n',
  '\t',
  '"',
  '\\',
  '<script>',
  "' OR 1=1 --",
  '%s%n',
  '${x}',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\uffff',
];
const EDGE_NUMBERS = [
  0, -0, 1, -1, 0.5, -1.5, 4, 5, 6, 7, 100, 101, 3600, 3601, 604800, 604801, 600000, 600001, 2147483647, 2147483648,
  // biome-ignore lint/correctness/noPrecisionLoss: a number past Number.MAX_SAFE_INTEGER is the edge being fuzzed
  -2147483649, 4294967296, 9007199254740993, 1e21, 1e308, -1e308, 5e-324,
];
const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'id',
  'user_id',
  'status',
  'version',
  'deleted_at',
  'token',
  'token_hash',
  'password_hash',
  'pin_hash',
  'created_at',
  'role',
  'admin',
];

/** An object as a list of pairs, so it can hold __proto__ and repeated keys, which an object literal cannot. */
class Entries {
  constructor(readonly pairs: [string, unknown][]) {}
}

function toJsonText(value: unknown): string {
  if (value instanceof Entries)
    return `{${value.pairs.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') return toJsonText(new Entries(Object.entries(value)));
  return JSON.stringify(value) ?? 'null';
}

export function randomString(rng: Prng, max = 40): string {
  const length = rng.size(max);
  let text = '';
  while (text.length < length) text += rng.chance(0.8) ? rng.string(1, ASCII) : rng.pick(TRICKY);
  return text;
}

export function randomJson(rng: Prng, depth = 3, keys: string[] = []): unknown {
  const kind = rng.int(0, depth > 0 ? 7 : 4);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.chance(0.6) ? rng.pick(EDGE_NUMBERS) : (rng.next() - 0.5) * 10 ** rng.int(0, 12);
    case 3:
    case 4:
      return rng.chance(0.1) ? String(rng.pick(EDGE_NUMBERS)) : randomString(rng);
    case 5:
      return Array.from({ length: rng.size(8) }, () => randomJson(rng, depth - 1, keys));
    default:
      return new Entries(
        Array.from({ length: rng.size(6) }, () => [
          rng.chance(0.5) && keys.length
            ? rng.pick(keys)
            : rng.chance(0.5)
              ? rng.pick(ODD_KEYS)
              : randomString(rng, 12),
          randomJson(rng, depth - 1, keys),
        ]),
      );
  }
}

interface BodyCase {
  description: string;
  bytes: Buffer;
  /** undefined: no Content-Type header at all. */
  contentType: string | undefined;
  contentEncoding?: string;
}

const CONTENT_TYPES = [
  undefined,
  'application/json; charset=utf-8',
  'application/json; charset=UTF-16LE',
  'application/json; charset=latin1',
  'application/json; charset="utf-8"',
  'application/json; charset=utf-7',
  'APPLICATION/JSON',
  'application/json;;;x=y',
  'application/vnd.api+json',
  'application/json-patch+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '*/*',
  'json',
  '',
];
const BAD_UTF8 = [
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xff]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
];
const SYNTAX_JUNK = [
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  '[1,2',
  "{'a':1}",
  '{a:1}',
  'NaN',
  'Infinity',
  '{"a":NaN}',
  '{"a":1} trailing',
  '{"a":1}{"b":2}',
  '/* c */{}',
  '\ufeff{}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":1e}',
  'nul',
  'tru',
  '"unterminated',
];
const MARK = 'X~BAD~X';

/** A request body made by one of many strategies, starting from a valid body for the endpoint. */
export function randomBody(rng: Prng, valid: Record<string, unknown>, fieldValue: (name: string) => unknown): BodyCase {
  const fields = Object.keys(valid);
  const json = (description: string, value: unknown) => ({ description, text: toJsonText(value) });
  let made: { description: string; text?: string; bytes?: Buffer };
  switch (rng.int(0, 11)) {
    case 0:
    case 1:
      made = json('valid', valid);
      break;
    case 2:
    case 3: {
      const field = fields.length ? rng.pick(fields) : 'x';
      made = json(`${field} of a wrong type`, { ...valid, [field]: randomJson(rng, 2, fields) });
      break;
    }
    case 4:
      made = json(
        'valid plus unknown fields',
        new Entries([
          ...Object.entries(valid),
          ...Array.from({ length: rng.int(1, 4) }, (): [string, unknown] => [rng.pick(ODD_KEYS), randomJson(rng, 2)]),
        ]),
      );
      break;
    case 5:
      made = json(
        'known fields, random values',
        Object.fromEntries(
          fields
            .filter(() => rng.chance(0.7))
            .map((f) => [f, rng.chance(0.5) ? fieldValue(f) : randomJson(rng, 2, fields)]),
        ),
      );
      break;
    case 6:
      made = json('any JSON', randomJson(rng, 4, fields));
      break;
    case 7: {
      const text = toJsonText(valid);
      made = rng.chance(0.5)
        ? { description: 'truncated JSON', text: text.slice(0, rng.int(0, Math.max(0, text.length - 1))) }
        : { description: 'JSON syntax junk', text: rng.pick(SYNTAX_JUNK) };
      break;
    }
    case 8: {
      const field = fields.length ? rng.pick(fields) : 'x';
      const [before, after] = toJsonText({ ...valid, [field]: MARK }).split(MARK);
      made = {
        description: `bad UTF-8 in ${field}`,
        bytes: Buffer.concat([Buffer.from(before), rng.pick(BAD_UTF8), Buffer.from(after)]),
      };
      break;
    }
    case 9: {
      const depth = rng.int(100, 30_000);
      const open = rng.chance(0.5) ? ['[', ']'] : ['{"a":', '}'];
      made = { description: `nesting ${depth} deep`, text: `${open[0].repeat(depth)}1${open[1].repeat(depth)}` };
      break;
    }
    case 10: {
      const field = fields.length ? rng.pick(fields) : 'x';
      const size = rng.int(60 * 1024, 70 * 1024);
      made = json(`${size}-character ${field}`, { ...valid, [field]: 'x'.repeat(size) });
      break;
    }
    default:
      made = { description: 'empty or blank', text: rng.pick(['', ' ', '\n', '\t\r\n ']) };
  }
  let bytes = made.bytes ?? Buffer.from(made.text ?? '', 'utf8');
  const contentType = rng.chance(0.8) ? 'application/json' : rng.pick(CONTENT_TYPES);
  if (contentType?.toLowerCase().includes('utf-16le')) bytes = Buffer.from(bytes.toString('utf8'), 'utf16le');
  const body: BodyCase = {
    description: `${made.description} as ${contentType ?? 'no Content-Type'}`,
    bytes,
    contentType,
  };
  if (rng.chance(0.08)) encode(rng, body);
  return body;
}

function encode(rng: Prng, body: BodyCase): void {
  const choice = rng.int(0, 7);
  const encodings: [string, () => Buffer][] = [
    ['gzip', () => gzipSync(body.bytes)],
    ['gzip', () => Buffer.from('not gzip at all')],
    ['deflate', () => deflateSync(body.bytes)],
    ['br', () => body.bytes],
    ['zstd', () => body.bytes],
    ['identity', () => body.bytes],
    ['gzip, gzip', () => gzipSync(gzipSync(body.bytes))],
    // A bomb: 2 MB of spaces in about 2 KB, far over the 64 KiB limit once inflated.
    ['gzip', () => gzipSync(Buffer.alloc(2 * 1024 * 1024, ' '))],
  ];
  const [name, make] = encodings[choice];
  body.bytes = make();
  body.contentEncoding = name;
  body.description += ` with Content-Encoding ${name}${choice === 7 ? ' (a gzip bomb)' : ''}`;
}

/** Like encodeURIComponent, but also for lone surrogates (sent as the UTF-8 of U+FFFD), which it refuses. */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

const QUERY_JUNK = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%00',
  '%FF',
  '%u0041',
  '+',
  '%2B',
  '[]',
  '{}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e3',
  '0x1f',
  '99999999999999999999',
  '2026-02-30',
  '9999-12-31',
  'true',
  'asc',
  'desc',
];

/** A query string made of the endpoint's own parameters and junk ones, each with odd values and shapes. */
export function randomQuery(rng: Prng, params: string[]): string {
  if (rng.chance(0.25)) return '';
  const names = [...params, 'x', '__proto__', 'constructor', '', 'page[size]', 'a.b'];
  const parts = Array.from({ length: rng.int(1, 6) }, () => {
    const name = rng.pick(names);
    const value = rng.chance(0.5)
      ? rng.pick(QUERY_JUNK)
      : percentEncode(randomString(rng, rng.chance(0.05) ? 6000 : 30));
    switch (rng.int(0, 5)) {
      case 0:
        return `${name}[]=${value}`;
      case 1:
        return `${name}[a]=${value}`;
      case 2:
        return name;
      case 3:
        return `${name}=${value}&${name}=${rng.pick(QUERY_JUNK)}`;
      default:
        return `${name}=${value}`;
    }
  });
  return `?${parts.join('&')}`;
}

const ID_JUNK = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  '99999999999999999999',
  '2147483648',
  '4294967297',
  '%00',
  '%FF',
  '%E2%82%AC',
  '..%2F..%2F',
  'abc',
  '%20',
  '1%20',
  '1;DROP',
  "1'",
  'null',
  'undefined',
  '%5B%5D',
  '%7B%7D',
  '1%2F2',
  '+1',
  '01',
  '%201',
];

/** A path segment for `:id`: a real id now and then, otherwise junk. */
export function randomIdSegment(rng: Prng, realIds: number[]): string {
  if (rng.chance(0.35) && realIds.length) return String(rng.pick(realIds));
  if (rng.chance(0.05)) return 'x'.repeat(rng.int(300, 6000));
  return rng.pick(ID_JUNK);
}

/** Bytes that no HTTP client library would send in a request line. */
export function rawRequestLines(rng: Prng, host: string): Buffer {
  const bad = rng.pick(BAD_UTF8);
  const path = rng.pick([
    '/api/admin/users/',
    '/api/attendances?q=',
    '/api/kiosk/check-in?',
    '/api/',
    '/socket.io/?EIO=4&transport=polling&sid=',
    '/',
  ]);
  const method = rng.pick(['GET', 'POST', 'BREW', 'get', 'G\u00e9T']);
  return Buffer.concat([
    Buffer.from(`${method} ${path}`, 'latin1'),
    bad,
    Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\nX-Junk: `),
    bad,
    Buffer.from('\r\nConnection: close\r\n\r\n'),
  ]);
}
