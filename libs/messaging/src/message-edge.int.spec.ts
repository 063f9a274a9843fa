import { headers as natsHeaders } from '@nats-io/transport-node';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { defineCommand, DomainError, IsTown, TOWN_ROLES, type Caller, type Insee } from '@digit/contracts';
import { createTestNats, type TestNats } from '@digit/testing';
import { busFromConnection, sendMessage, serveMessage, type Bus } from './index.js';

class NoteRequest {
  @IsTown()
  insee!: Insee;

  @IsString()
  @MaxLength(50)
  text!: string;

  @IsOptional()
  @IsString()
  behaviour?: 'throw' | 'refuse' | 'huge';
}

const addNote = defineCommand<{ readonly recordedBy: string; readonly padding?: string }>()({
  subject: 'digit.command.test.add-note',
  request: NoteRequest,
  summary: 'test',
  policy: { roles: ['ops'], town: { roles: TOWN_ROLES, field: 'insee' } },
});

const ops: Caller = { sub: 'ops-1', roles: ['ops'] };
const boulogne: Caller = { sub: 'ref-92012', roles: ['town-referent'], insee: '92012' };

let nats: TestNats;
let bus: Bus;
beforeAll(async () => {
  nats = await createTestNats();
  bus = await busFromConnection(nats.nc, nats.namespace);
  serveMessage(bus, addNote, async (request, context) => {
    if (request.behaviour === 'throw') throw new Error('a bug in a handler');
    if (request.behaviour === 'refuse') return new DomainError('conflict', 'note_closed', 'La note est close.');
    return {
      recordedBy: String(context.metadata.actor),
      ...(request.behaviour === 'huge' ? { padding: 'x'.repeat(2 * 1024 * 1024) } : {}),
    };
  });
});
afterAll(() => nats.close());

describe('the typed service edge (issue 17, issue 18, R-SEC-1..2)', () => {
  it('R-SEC-1: the events’ actor is the caller’s subject', async () => {
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'ok' }, ops)).toEqual({ ok: true, value: { recordedBy: 'ops-1' } });
  });

  it('R-SEC-1: a message without a caller is refused (401)', async () => {
    const reply = await bus.nc.request(bus.subject(addNote.subject), JSON.stringify({ insee: '92012', text: 'ok' }), {
      timeout: 2000,
      headers: natsHeaders(),
    });
    expect(reply.json()).toMatchObject({ ok: false, status: 401, error: { error: 'unauthenticated' } });
  });

  it('R-SEC-2: the service checks the town again (403 for another town)', async () => {
    expect(await sendMessage(bus, addNote, { insee: '92040', text: 'ok' }, boulogne)).toMatchObject({ ok: false, status: 403 });
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'ok' }, boulogne)).toMatchObject({ ok: true });
  });

  it('validates once, at the service: unknown fields, NUL and lengths are 400 with a path', async () => {
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'a\u0000b' }, ops)).toMatchObject({
      ok: false,
      status: 400,
      error: { details: [{ path: 'text' }] },
    });
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'ok', actor: 'someone' }, ops)).toMatchObject({
      ok: false,
      status: 400,
      error: { details: [{ path: 'actor' }] },
    });
  });

  it('a DomainError keeps its kind: conflict is 409', async () => {
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'ok', behaviour: 'refuse' }, ops)).toEqual({
      ok: false,
      status: 409,
      error: { error: 'note_closed', message: 'La note est close.', details: [] },
    });
  });

  it('issue 18: a handler’s bug answers 500 and the service keeps serving', async () => {
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'ok', behaviour: 'throw' }, ops)).toMatchObject({
      ok: false,
      status: 500,
    });
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'ok' }, ops)).toMatchObject({ ok: true });
  });

  it('issue 18: a reply larger than a NATS message is an error answer, never a crash', async () => {
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'ok', behaviour: 'huge' }, ops)).toMatchObject({
      ok: false,
      error: { error: 'reply_too_large' },
    });
    expect(await sendMessage(bus, addNote, { insee: '92012', text: 'ok' }, ops)).toMatchObject({ ok: true });
  });
});
