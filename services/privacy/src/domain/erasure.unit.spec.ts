import { deciderSpec } from '@digit/testing';
import { erasureDecider, erasureStreamId, type ErasePersonalData, type PersonalDataErased } from './erasure.decider.js';

const spec = deciderSpec(erasureDecider);
const request = (change: Partial<ErasePersonalData['data']> = {}): ErasePersonalData => ({
  type: 'ErasePersonalData',
  data: {
    erasureId: 'e-1',
    subjectId: 'c-4f1e',
    requestedBy: ' dpd:92012:mlefevre ',
    reason: ' Demande de la personne (art. 17 du RGPD) ',
    requestedAt: '2024-06-03T09:00:00+02:00',
    keyDestroyed: true,
    ...change,
  },
});
const erased: PersonalDataErased = {
  type: 'PersonalDataErased',
  data: {
    erasureId: 'e-1',
    subjectId: 'c-4f1e',
    requestedBy: 'dpd:92012:mlefevre',
    reason: 'Demande de la personne (art. 17 du RGPD)',
    requestedAt: '2024-06-03T09:00:00+02:00',
    keyDestroyed: true,
  },
};

describe('erasure of a person in the immutable store (R-GDPR-1, RGPD art. 17)', () => {
  it('R-GDPR-1: an erasure request is recorded once, in the stream of its subject', () => {
    spec.given([]).when(request()).then([erased]);
    expect(erasureStreamId('c-4f1e')).toBe('privacy-erasure-c-4f1e');
  });

  it('R-GDPR-1: asking again changes nothing (the key is already gone)', () => {
    spec
      .given([erased])
      .when(request({ erasureId: 'e-2', keyDestroyed: false }))
      .then([]);
  });

  it.each([
    ['no requester', { requestedBy: ' ' }, 'requestedBy'],
    ['no reason', { reason: '' }, 'reason'],
    ['a reason naming the person', { reason: 'Demande de Mme Dupont' }, 'reason'],
    ['a reason with an e-mail address', { reason: 'demande reçue de jeanne.dupont@example.fr' }, 'reason'],
    ['an instant without offset', { requestedAt: '2024-06-03T09:00:00' }, 'requestedAt'],
  ])('R-GDPR-1: refuses %s', (_, change, path) => {
    const error = spec.given([]).when(request(change)).thenError('invalid_erasure_request');
    expect(error.details.map((detail) => detail.path)).toEqual([path]);
  });
});
