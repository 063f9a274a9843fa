import { MAX_ORDER_BYTES, parseVoirieOrder, type ParsedVoirieMessage, type VoirieMessage } from './parse-voirie-order.js';
import { boulogneOrders, voirieMessageOf } from './voirie.fixtures.js';

const body = boulogneOrders.numbering;
const orderId = body.orderId;
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Issue 16: each refusal of the message itself has its stable code. */
const CODE_OF_REASON: Record<string, string> = {
  malformed_json: 'VOIRIE_MALFORMED_JSON',
  not_utf8: 'VOIRIE_NOT_UTF8',
  wrong_content_type: 'VOIRIE_WRONG_CONTENT_TYPE',
  bad_subject: 'VOIRIE_BAD_SUBJECT',
};

const refusal = (parsed: ParsedVoirieMessage) => {
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed;
};

describe('parseVoirieOrder: what arrives on digit.towns.<insee>.voirie.orders', () => {
  it('R-DX-2: a well-formed order of the subject’s town parses', async () => {
    const parsed = await parseVoirieOrder(voirieMessageOf(body));
    expect(parsed.ok && parsed.order.orderId).toBe(orderId);
  });

  it.each<[string, Partial<VoirieMessage>, string, string, string]>([
    ['malformed JSON', { data: encode('{"orderId": "x",') }, 'malformed_json', 'order', 'JSON valide'],
    ['an empty body', { data: new Uint8Array() }, 'malformed_json', 'order', 'vide'],
    ['a body that is not UTF-8', { data: Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]) }, 'not_utf8', 'order', 'UTF-8'],
    [
      'a Content-Type of text/plain',
      { headers: { 'Content-Type': 'text/plain', 'Nats-Msg-Id': orderId } },
      'wrong_content_type',
      'headers.Content-Type',
      'application/json',
    ],
    [
      'a Content-Type header named in lower case',
      { headers: { 'content-type': 'application/xml', 'Nats-Msg-Id': orderId } },
      'wrong_content_type',
      'headers.Content-Type',
      'application/json',
    ],
    [
      'JSON declared in Latin-1',
      { headers: { 'Content-Type': 'application/json; charset=ISO-8859-1', 'Nats-Msg-Id': orderId } },
      'wrong_content_type',
      'headers.Content-Type',
      'UTF-8',
    ],
    [
      'a subject of no GPSO town',
      { subject: 'digit.towns.75056.voirie.orders' },
      'bad_subject',
      'subject',
      'digit.towns.<code INSEE>.voirie.orders',
    ],
    [
      'a subject that is not an orders subject',
      { subject: 'digit.towns.92012.voirie.outcomes' },
      'bad_subject',
      'subject',
      'voirie.orders',
    ],
  ])('R-DX-2: %s is rejected, nothing parsed', async (_, override, reason, path, fragment) => {
    const parsed = refusal(await parseVoirieOrder({ ...voirieMessageOf(body), ...override }));
    expect(parsed.reason).toBe(reason);
    expect(parsed.errors).toEqual([{ path, code: CODE_OF_REASON[reason], message: expect.stringContaining(fragment) }]);
    expect(parsed.orderId).toBe(orderId);
  });

  it('R-DX-2: an unreadable body still names the order when Nats-Msg-Id carries its id', async () => {
    const parsed = refusal(
      await parseVoirieOrder({ subject: 'digit.towns.92012.voirie.orders', data: encode('{'), headers: { 'Nats-Msg-Id': orderId } }),
    );
    expect(parsed.orderId).toBe(orderId);
    const anonymous = refusal(await parseVoirieOrder({ subject: 'digit.towns.92012.voirie.orders', data: encode('{') }));
    expect(anonymous.orderId).toBeUndefined();
  });

  it.each([
    ['no Content-Type header', { 'Nats-Msg-Id': orderId }],
    ['application/json with charset utf-8', { 'Content-Type': 'application/json; charset=UTF-8' }],
    ['no headers at all', undefined],
  ])('R-DX-2: %s is accepted', async (_, headers) => {
    const { subject, data } = voirieMessageOf(body);
    const parsed = await parseVoirieOrder(headers === undefined ? { subject, data } : { subject, data, headers });
    expect(parsed.ok).toBe(true);
  });

  it('R-DX-2: a UTF-8 byte order mark is not content: the order parses', async () => {
    const message = voirieMessageOf(body);
    expect((await parseVoirieOrder({ ...message, data: Uint8Array.from([0xef, 0xbb, 0xbf, ...message.data]) })).ok).toBe(true);
  });

  it('R-DX-2: up to 64 KiB is read, one byte more is refused as oversized', async () => {
    const json = JSON.stringify(body);
    const atLimit = encode(json + ' '.repeat(MAX_ORDER_BYTES - encode(json).byteLength));
    expect(atLimit.byteLength).toBe(65_536);
    expect((await parseVoirieOrder({ ...voirieMessageOf(body), data: atLimit })).ok).toBe(true);

    const over = encode(json + ' '.repeat(MAX_ORDER_BYTES - encode(json).byteLength + 1));
    const parsed = refusal(await parseVoirieOrder({ ...voirieMessageOf(body), data: over }));
    expect(parsed.reason).toBe('oversized');
    expect(parsed.errors[0]?.code).toBe('VOIRIE_TOO_LARGE');
    expect(parsed.errors[0]?.message).toContain('65537 octets');
  });

  it.each([
    ['another GPSO town', '92040', 'Issy-les-Moulineaux'],
    ['a town outside GPSO', '75056', '« 75056 »'],
  ])('R-DX-3: a body naming %s, not the town of its subject, is rejected at once', async (_, insee, named) => {
    const parsed = refusal(await parseVoirieOrder(voirieMessageOf({ ...body, insee }, { insee: '92012' })));
    expect(parsed.reason).toBe('other_town');
    expect(parsed.orderId).toBe(orderId);
    expect(parsed.errors).toEqual([{ path: 'order.insee', code: 'VOIRIE_OTHER_TOWN', message: expect.stringContaining(named) }]);
    expect(parsed.errors[0]?.message).toContain('Boulogne-Billancourt');
  });

  it('R-DX-3: the order of Boulogne published on the subject of Issy is rejected', async () => {
    const parsed = refusal(await parseVoirieOrder(voirieMessageOf(body, { insee: '92040' })));
    expect(parsed.reason).toBe('other_town');
  });

  it('R-DX-2: every field error comes at once with the order id', async () => {
    const broken = { ...body, reference: '', signedAt: '2024-02-30', road: { ...body.road, id: '92012_42' } };
    const parsed = refusal(await parseVoirieOrder(voirieMessageOf(broken)));
    expect(parsed.reason).toBe('invalid_order');
    expect(parsed.orderId).toBe(orderId);
    expect(parsed.errors.map((error) => `${error.path} ${error.code}`).sort()).toEqual([
      'order.reference VOIRIE_INVALID_TEXT',
      'order.road.id VOIRIE_INVALID_ROAD_ID',
      'order.signedAt VOIRIE_INVALID_DATE',
    ]);
  });

  it('R-DX-2: Nats-Msg-Id must be the order id, JetStream deduplicates on it', async () => {
    const parsed = refusal(
      await parseVoirieOrder(voirieMessageOf(body, { headers: { 'Nats-Msg-Id': boulogneOrders.roadCreated.orderId } })),
    );
    expect(parsed.errors).toEqual([
      { path: 'headers.Nats-Msg-Id', code: 'VOIRIE_MSG_ID_MISMATCH', message: expect.stringContaining(orderId) },
    ]);
  });

  it.each([
    ['nested lists', `{"road":${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
    ['nested objects', `{"road":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`],
  ])('R-DX-2: deeply %s are refused without walking them', async (_, json) => {
    const parsed = refusal(await parseVoirieOrder({ subject: 'digit.towns.92012.voirie.orders', data: encode(json) }));
    expect(parsed.reason).toBe('invalid_order');
    expect(parsed.errors[0]).toMatchObject({ code: 'VOIRIE_TOO_DEEP', message: expect.stringContaining('imbriqué') });
  });

  it('R-DX-2: header values that are not strings are ignored', async () => {
    const headers = { 'Nats-Msg-Id': 42, 'Content-Type': ['application/json'] } as unknown as Record<string, string>;
    const parsed = await parseVoirieOrder({ ...voirieMessageOf(body), headers });
    expect(parsed.ok).toBe(true);
  });
});
