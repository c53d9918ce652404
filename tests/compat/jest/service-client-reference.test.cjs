/** @jest-environment node */
// wasm-auth-client/service-client next to the reference, @netuno/service-client 1.2.0 from npm,
// on the same inputs: the helpers (encodedParameters, urlWithEncodedParameters, randomString on
// the same Math.random draws), where a call goes (1.2.0 has no _service.url(): its fetch is
// stubbed to see the URL it requests), what a GET's data becomes, and what `fail` gets. 1.2.1's
// dev-server rule adds port 5173, which 1.2.0 lacks: that case is checked against values ported
// from 1.2.1's source. No server is needed: fetch is a stub for both.
'use strict';

// The page: the reference reads window.location (and, with no window at load, takes itself for
// Node and uses node:http); this package reads location.
globalThis.window = globalThis;
const page = (href) => {
  globalThis.location = new URL(href);
};
page('http://localhost:8080/app/');

/** fetch stubs: each records the URL and method requested and answers `answer()`. */
let requested = [];
let methods = [];
let answer = () => new Response('{}', { headers: { 'Content-Type': 'application/json' } });
globalThis.fetch = (input, init) => {
  requested.push(typeof input === 'string' ? input : input.url);
  methods.push((init?.method ?? input.method).toUpperCase());
  return Promise.resolve().then(() => answer());
};

const ours = require('wasm-auth-client/service-client');
const theirs = require('@netuno/service-client');
const reference = theirs.default ?? theirs;

/** Where each client's `_service({url, ...args})` sends, by the stubbed fetch. */
async function sentTo(client, args) {
  requested = [];
  await new Promise((resolve) => client({ ...args, success: resolve, fail: resolve }));
  expect(requested).toHaveLength(1);
  return requested[0];
}

/** What each client's `fail` gets for a call. */
const failureOf = (client, args) => new Promise((resolve) => client({ ...args, fail: resolve }));

const DATA = [
  { a: 1, b: 'x y', c: 'á&=/?+#%' },
  { nested: { x: 1 }, list: [1, 'a b', [2, 3]], none: null, no: undefined, yes: true, empty: '' },
  { 'k y': 1, 'a&b': 'c', 'ç': 'ü' },
  { when: new Date(0), n: 1.5e21, neg: -0 },
  {},
  ['x', 'y'],
  'ab',
];

test('encodedParameters gives the reference text', () => {
  for (const data of DATA) {
    expect(ours.encodedParameters(data)).toBe(reference.encodedParameters(data));
  }
  expect(() => reference.encodedParameters(null)).toThrow(TypeError);
  expect(() => ours.encodedParameters(null)).toThrow(/invalid argument `data`/);
});

test('urlWithEncodedParameters gives the reference text', () => {
  for (const url of ['/services/x', 'http://h/s/x?y=1', '']) {
    for (const data of DATA) {
      expect(ours.urlWithEncodedParameters(url, data)).toBe(reference.urlWithEncodedParameters(url, data));
    }
  }
});

test('randomString gives the reference text on the same Math.random draws', () => {
  const random = Math.random;
  try {
    for (const length of [0, 1, 8, 34, 2.5, -1, '4', undefined]) {
      let seed = 7;
      Math.random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
      const expected = reference.randomString(length);
      seed = 7;
      expect(ours.randomString(length)).toBe(expected);
    }
  } finally {
    Math.random = random;
  }
  expect(ours.randomString(62)).toMatch(/^[A-Za-z0-9]{62}$/);
});

const URLS = ['profile', '/profile', 'profile?a=1', '', 'HTTP://other/x', 'https://other/x'];

test('a call goes where the reference sends it', async () => {
  const prefixes = ['http://api.test/services', 'http://api.test/services/', '/services', '/services/', ''];
  for (const href of ['http://localhost:8080/app/', 'http://localhost:3000/', 'http://127.0.0.1:4130/x']) {
    page(href);
    for (const prefix of prefixes) {
      reference.config({ prefix });
      ours.config({ prefix });
      // Urls under the prefix, with the prefix in another case.
      const under = prefix ? [prefix + 'x', prefix.toUpperCase() + 'y'] : [];
      for (const url of [...URLS, ...under]) {
        const expected = await sentTo(reference, { url });
        // 1.2.0's join is 1.2.1's _service.url(); ours sends there and says so.
        expect([href, prefix, url, ours.url(url)]).toEqual([href, prefix, url, expected]);
        if (/^http/i.test(expected)) {
          const sent = new URL(await sentTo(ours, { url })).href;
          expect([href, prefix, url, sent]).toEqual([href, prefix, url, new URL(expected).href]);
        }
      }
    }
  }
});

test("1.2.1's Vite port and url() with no url, from its source", () => {
  page('http://localhost:5173/');
  ours.config({ prefix: '/services' });
  expect(ours.url('profile')).toBe('http://localhost:9000/services/profile');
  expect(ours.url()).toBe('http://localhost:9000/services/');
  expect(ours.url({ prefix: '/api/' }, '/x')).toBe('http://localhost:9000/api/x');
  expect(ours.url({ url: '/services/x' })).toBe('/services/x');
  page('https://dev.local:3030/');
  expect(ours.url('a')).toBe('https://dev.local:3090/services/a');
  page('http://localhost:8080/');
  expect(ours.url()).toBe('/services/');
});

test("a GET's data goes as the reference writes it", async () => {
  page('http://localhost:8080/');
  const prefix = 'http://api.test/services/';
  reference.config({ prefix });
  ours.config({ prefix });
  for (const data of DATA.slice(0, 5)) {
    const expected = await sentTo(reference, { url: 'echo', data });
    // Node's URL parser, which fetch applies, writes spaces in keys as %20 for both.
    expect(new URL(await sentTo(ours, { url: 'echo', data })).href).toBe(new URL(expected).href);
  }
});

test('fail gets the reference fields', async () => {
  page('http://localhost:8080/');
  reference.config({ prefix: 'http://api.test/services/' });
  ours.config({ prefix: 'http://api.test/services/' });
  answer = () => new Response('{"error":"nope"}', { status: 500, headers: { 'Content-Type': 'application/json' } });
  const want = await failureOf(reference, { url: 'x' });
  const got = await failureOf(ours, { url: 'x' });
  for (const key of ['ok', 'status', 'isJSON', 'contentType', 'json']) expect([key, got[key]]).toEqual([key, want[key]]);
  expect(got.error.message).toBe(want.error.message);
  expect(got.response).toBeInstanceOf(Response);
  expect(got.code).toBe('http_status');

  answer = () => new Response('<h1>gone</h1>', { status: 404, headers: { 'Content-Type': 'text/html' } });
  const wantText = await failureOf(reference, { url: 'x' });
  const gotText = await failureOf(ours, { url: 'x' });
  for (const key of ['ok', 'status', 'isJSON', 'text']) expect([key, gotText[key]]).toEqual([key, wantText[key]]);

  answer = () => {
    throw new TypeError('fetch failed');
  };
  const wantNet = await failureOf(reference, { url: 'x' });
  const gotNet = await failureOf(ours, { url: 'x' });
  expect(Object.keys(wantNet)).toEqual(['error']);
  expect(gotNet.error).toBeInstanceOf(TypeError);
  expect(gotNet.error.message).toBe(wantNet.error.message);
  expect(gotNet.ok).toBeUndefined();
  expect(gotNet.code).toBe('network');
});

test('configured success, fail and method apply, a call of its own replaces them', async () => {
  page('http://localhost:8080/');
  answer = () => new Response('{"a":1}', { headers: { 'Content-Type': 'application/json' } });
  for (const client of [reference, ours]) {
    const seen = [];
    const settled = () => new Promise((resolve) => {
      client.config({
        prefix: 'http://api.test/services/', method: 'POST',
        success: (r) => resolve(seen.push(['success', r.json.a])),
        fail: (f) => resolve(seen.push(['fail', f.status])),
      });
    });
    let done = settled();
    methods = [];
    client({ url: 'x' });
    await done;
    done = new Promise((resolve) => client({ url: 'y', method: 'PUT', success: (r) => resolve(seen.push(['own', r.json.a])) }));
    await done;
    answer = () => new Response('', { status: 503 });
    done = settled();
    client({ url: 'z' });
    await done;
    answer = () => new Response('{"a":1}', { headers: { 'Content-Type': 'application/json' } });
    expect(seen).toEqual([['success', 1], ['own', 1], ['fail', 503]]);
    expect(methods).toEqual(['POST', 'PUT', 'POST']);
    expect(client.config().method).toBe('POST');
    client.config({ method: 'GET', success: () => {}, fail: () => {} });
  }
});

test('a call in the callback style or dropped raises no unhandled rejection', async () => {
  const unhandled = [];
  const listener = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', listener);
  try {
    answer = () => new Response('', { status: 500 });
    ours.config({ fail: null });
    void ours({ url: 'dropped' });
    await new Promise((resolve) => ours({ url: 'callback', fail: resolve }));
    await expect(ours({ url: 'awaited' })).rejects.toMatchObject({ code: 'http_status', status: 500 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', listener);
  }
});
