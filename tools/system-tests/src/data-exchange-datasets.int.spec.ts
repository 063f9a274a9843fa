import { createHash } from 'node:crypto';
import type { Subscription } from '@nats-io/transport-node';
import { privacyMessages, type PersonalDataCheckView } from '@digit/contracts';
import { serveMessage } from '@digit/messaging';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/** Who acts (R-SEC-1): one of Boulogne's and Issy's people, Chaville's référent, a DIGIT agent. */
const BOULOGNE: TestCaller = { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' };
const ISSY: TestCaller = { sub: 'dsi.issy', roles: ['town-dsi'], insee: '92040' };
const CHAVILLE: TestCaller = { sub: 'referent.chaville', roles: ['town-referent'], insee: '92022' };
const DIGIT: TestCaller = { sub: 'jdupont', roles: ['ops'] };

let system: SystemUnderTest;
let privacy: Subscription | undefined;

beforeAll(async () => {
  system = await startSystem([startConventionsService, (infra) => startDataExchangeService(infra, { privacyTimeoutMs: 500 })]);
});
afterAll(async () => {
  privacy?.unsubscribe();
  await system.stop();
});

/** A stand-in for the privacy service on its real NATS subject: allows what the register names, refuses the rest. */
const privacyServiceAnswering = (register: readonly string[]) => {
  privacy?.unsubscribe();
  privacy = serveMessage(system.infra.bus, privacyMessages.checkPersonalData, async (request) => {
    const { declaredProcessing, declaredCategories, item } = request as unknown as {
      declaredProcessing?: string;
      declaredCategories?: string;
      item: { content: string };
    };
    const email = /@/.test(item.content);
    const answer =
      declaredCategories === 'none'
        ? email
          ? { outcome: 'refused', reasons: [{ code: 'PERSONAL_DATA_DECLARED_ABSENT', message: 'adresses électroniques détectées' }] }
          : { outcome: 'allowed', reasons: [] }
        : declaredProcessing && register.includes(declaredProcessing)
          ? { outcome: 'allowed', reasons: [] }
          : {
              outcome: 'refused',
              reasons: [{ code: 'PROCESSING_UNKNOWN', message: `traitement ${declaredProcessing} absent du registre` }],
            };
    return answer as unknown as PersonalDataCheckView;
  });
};
const privacyServiceDown = () => {
  privacy?.unsubscribe();
  privacy = undefined;
};

const call = async (method: string, path: string, as: TestCaller = DIGIT, body?: unknown) => {
  const response = await system.fetch(
    path,
    { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) },
    as,
  );
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
    body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as any,
  };
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const TREES_V1 = 'id;essence;hauteur\n1;Platane;12\n2;Tilleul;8\n';
const TREES_V2 = 'id;essence;hauteur\n1;Platane;12\n2;Tilleul;9\n';
const declaration = (content: string, personalData: unknown = { contains: false }) => ({
  title: 'Arbres d’alignement',
  mentions: { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2024 },
  usageRights: { licence: 'Licence Ouverte 2.0' },
  personalData,
  format: 'csv',
  content,
});

describe('datasets a town sends for integration (R-DX-4, R-DX-5, R-DX-8)', () => {
  beforeEach(() => privacyServiceAnswering(['T-ARBRES']));

  it('R-DX-4, R-DX-5, R-DX-8: sent, audited with remarks, corrected, validated by the town, prepared by DIGIT, published by the town only', async () => {
    const sent = await call('POST', '/api/v1/datasets', BOULOGNE, {
      datasetId: 'arbres-boulogne',
      insee: '92012',
      ...declaration(TREES_V1),
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      datasetId: 'arbres-boulogne',
      version: 1,
      review: 'sent',
      privacy: { status: 'not_applicable' },
      declaration: { contentHash: sha256(TREES_V1) },
    });

    const audited = await call('POST', '/api/v1/datasets/arbres-boulogne/audits', DIGIT, {
      contentHash: sha256(TREES_V1),
      remarks: ['hauteur du n° 2 à vérifier'],
    });
    expect(audited.body).toMatchObject({ review: 'audited', lastAudit: { remarks: ['hauteur du n° 2 à vérifier'] } });
    const byDigit = await call('POST', '/api/v1/datasets/arbres-boulogne/corrections', DIGIT, declaration(TREES_V2));
    expect([byDigit.status, byDigit.body.error]).toEqual([403, 'forbidden']);
    const corrected = await call('POST', '/api/v1/datasets/arbres-boulogne/corrections', BOULOGNE, declaration(TREES_V2));
    expect(corrected.body).toMatchObject({
      version: 2,
      review: 'corrected',
      versions: [{ contentHash: sha256(TREES_V1) }, { contentHash: sha256(TREES_V2) }],
    });
    await call('POST', '/api/v1/datasets/arbres-boulogne/audits', DIGIT, { contentHash: sha256(TREES_V2), remarks: [] });

    const validatedByDigit = await call('POST', '/api/v1/datasets/arbres-boulogne/validations', DIGIT, { contentHash: sha256(TREES_V2) });
    expect([validatedByDigit.status, validatedByDigit.body.error]).toEqual([403, 'forbidden']);
    const oldVersion = await call('POST', '/api/v1/datasets/arbres-boulogne/validations', BOULOGNE, { contentHash: sha256(TREES_V1) });
    expect([oldVersion.status, oldVersion.body.error]).toEqual([400, 'dataset_hash_mismatch']);
    expect(
      (await call('POST', '/api/v1/datasets/arbres-boulogne/validations', BOULOGNE, { contentHash: sha256(TREES_V2) })).body.review,
    ).toBe('validated');

    const prepared = await call('POST', '/api/v1/datasets/arbres-boulogne/publication-preparations', DIGIT, {
      contentHash: sha256(TREES_V2),
    });
    expect(prepared.body.preparedForPublication).toMatchObject({ version: 2, by: 'jdupont' });
    const publishedByDigit = await call('POST', '/api/v1/datasets/arbres-boulogne/publications', DIGIT, {
      contentHash: sha256(TREES_V2),
      target: 'town_subdomain',
    });
    expect([publishedByDigit.status, publishedByDigit.body.error]).toEqual([403, 'forbidden']);
    const published = await call('POST', '/api/v1/datasets/arbres-boulogne/publications', BOULOGNE, {
      contentHash: sha256(TREES_V2),
      target: 'town_subdomain',
    });
    expect(published.body.lastPublication).toMatchObject({ version: 2, target: 'town_subdomain', by: 'dsi.boulogne' });
    expect((await call('GET', '/api/v1/datasets?insee=92012')).body.map((dataset: { datasetId: string }) => dataset.datasetId)).toContain(
      'arbres-boulogne',
    );
  });

  it.each([
    ['no token', 'anonymous' as const, { insee: '92012', ...declaration(TREES_V1) }, 401, 'unauthenticated'],
    [
      'a missing copyright mention',
      BOULOGNE,
      { insee: '92012', ...declaration(TREES_V1), mentions: { source: 'Ville', copyright: ' ', year: 2024 } },
      400,
      'dataset_invalid',
    ],
    ['a dataset sent by DIGIT', DIGIT, { insee: '92012', ...declaration(TREES_V1) }, 403, 'forbidden'],
    ['another town’s dataset', ISSY, { insee: '92012', ...declaration(TREES_V1) }, 403, 'forbidden'],
    ['content that is not CSV', BOULOGNE, { insee: '92012', ...declaration('"a;b\n1;2') }, 400, 'invalid_request'],
    ['an unknown field', BOULOGNE, { insee: '92012', ...declaration(TREES_V1), extra: 1 }, 400, 'invalid_request'],
  ])('R-DX-4: %s is refused with a contract error body and nothing is stored', async (_, as, body, status, error) => {
    const head = await system.infra.store.headPosition();
    const response = await call('POST', '/api/v1/datasets', as, body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error, message: expect.any(String), details: expect.any(Array) });
    expect(await system.infra.store.headPosition()).toBe(head);
  });
});

describe('personal data in datasets (R-GDPR-2)', () => {
  const WITH_EMAILS = 'id;nom;courriel\n1;Dupont;jean.dupont@example.org\n';

  it('R-GDPR-2: without an answer from the privacy service the dataset waits and is not processed; checked again, it is cleared', async () => {
    privacyServiceDown();
    const sent = await call('POST', '/api/v1/datasets', BOULOGNE, {
      datasetId: 'abonnes-newsletter',
      insee: '92012',
      ...declaration(WITH_EMAILS, { contains: true, processingReference: 'T-ARBRES' }),
    });
    expect(sent.body).toMatchObject({ privacy: { status: 'awaiting_privacy_check' }, privacyCheck: { outcome: 'unavailable' } });
    const audit = await call('POST', '/api/v1/datasets/abonnes-newsletter/audits', DIGIT, {
      contentHash: sha256(WITH_EMAILS),
      remarks: [],
    });
    expect([audit.status, audit.body.error]).toEqual([409, 'dataset_privacy_not_cleared']);

    privacyServiceAnswering(['T-ARBRES']);
    const checked = await call('POST', '/api/v1/datasets/abonnes-newsletter/privacy-checks', DIGIT, {
      format: 'csv',
      content: WITH_EMAILS,
    });
    expect(checked.body).toMatchObject({ privacy: { status: 'cleared' }, privacyCheck: { outcome: 'allowed' } });
    const events = await system.infra.store.readStream('dataset-abonnes-newsletter');
    // R-SEC-1: each event's actor is the signed-in person; the verdict is the privacy service's (R-GDPR-2).
    expect(events.map((event) => [event.type, event.metadata.actor])).toEqual([
      ['DatasetSentForIntegration', 'dsi.boulogne'],
      ['DatasetPrivacyCleared', 'jdupont'],
    ]);
    expect(events[1]?.data).toMatchObject({ clearedBy: 'system:privacy' });
    expect(
      (await call('POST', '/api/v1/datasets/abonnes-newsletter/audits', DIGIT, { contentHash: sha256(WITH_EMAILS), remarks: [] })).status,
    ).toBe(201);
  });

  it('R-GDPR-2: a processing missing from the town’s register holds the dataset, with the reasons', async () => {
    privacyServiceAnswering(['T-ARBRES']);
    const sent = await call('POST', '/api/v1/datasets', BOULOGNE, {
      datasetId: 'usagers',
      insee: '92012',
      ...declaration(WITH_EMAILS, { contains: true, processingReference: 'T-INCONNU' }),
    });
    expect(sent.body).toMatchObject({ privacy: { status: 'held_by_privacy', reasons: ['traitement T-INCONNU absent du registre'] } });
  });

  it('R-GDPR-2: content declared without personal data but holding some is refused, nothing stored', async () => {
    privacyServiceAnswering(['T-ARBRES']);
    const head = await system.infra.store.headPosition();
    const response = await call('POST', '/api/v1/datasets', BOULOGNE, { insee: '92012', ...declaration(WITH_EMAILS) });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'personal_data_detected',
      message: expect.any(String),
      details: [{ path: 'personalData.contains', message: 'adresses électroniques détectées' }],
    });
    expect(await system.infra.store.headPosition()).toBe(head);
  });
});

describe('with the privacy service itself (R-GDPR-2)', () => {
  it('R-GDPR-2: a processing absent from the town’s register holds the dataset; undeclared personal data is refused', async () => {
    privacyServiceDown();
    const service = await startPrivacyService(system.infra);
    try {
      const content = 'id;nom;courriel\n1;Dupont;jean.dupont@example.org\n2;Martin;claire.martin@example.org\n';
      const held = await call('POST', '/api/v1/datasets', CHAVILLE, {
        datasetId: 'contacts-chaville',
        insee: '92022',
        ...declaration(content, { contains: true, processingReference: 'T-ABSENT' }),
      });
      expect(held.body).toMatchObject({ privacy: { status: 'held_by_privacy' }, privacyCheck: { outcome: 'refused' } });
      expect(held.body.privacy.reasons.length).toBeGreaterThan(0);
      const undeclared = await call('POST', '/api/v1/datasets', CHAVILLE, { insee: '92022', ...declaration(content) });
      expect([undeclared.status, undeclared.body.error]).toEqual([400, 'personal_data_detected']);
      const clean = await call('POST', '/api/v1/datasets', CHAVILLE, {
        datasetId: 'arbres-chaville',
        insee: '92022',
        ...declaration(TREES_V1),
      });
      expect(clean.body).toMatchObject({ privacy: { status: 'not_applicable' }, privacyCheck: null });
    } finally {
      await service.stop();
    }
  });
});

describe('the metadata catalogue (R-DX-6) and third-party licences (R-DX-7)', () => {
  /** Made-up SIRET and URLs: test data. */
  const record = {
    scope: { kind: 'territory' },
    title: 'Filaire de voirie du territoire',
    abstract: 'Voies et places des huit villes.',
    lineage: 'Arrêtés de voirie transmis par les villes.',
    theme: 'Transports',
    keywords: ['voirie', 'adresses'],
    temporalExtent: { start: '2024-01-01', end: '2024-12-31' },
    boundingBox: { west: 2.14, east: 2.31, south: 48.77, north: 48.86 },
    spatialCoverage: { granularity: 'Intercommunale', name: 'Grand Paris Seine Ouest' },
    conditionsOfUse: { licence: 'etalab-2.0', statement: 'Source : GPSO – DIGIT' },
    responsibleParty: {
      organisationName: 'EPT Grand Paris Seine Ouest',
      siret: '12345678900011',
      email: 'digit@example.test',
      role: 'custodian',
    },
    dates: { creation: '2024-01-01', publication: '2024-02-01' },
    updateFrequency: 'Mensuelle ou plusieurs fois par mois',
    distributions: [{ format: 'csv', url: 'https://opendata.example.test/voirie.csv' }],
  };

  it('R-DX-6: DIGIT saves a record; the catalogue exports as SCDL CSV and DCAT JSON-LD', async () => {
    const saved = await call('PUT', '/api/v1/catalogue/records/filaire-voirie', DIGIT, record);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ identifier: 'filaire-voirie', title: 'Filaire de voirie du territoire' });
    const csv = await call('GET', '/api/v1/catalogue.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\n')[0]).toBe(
      'COLL_NOM,COLL_SIRET,ID,TITRE,DESCRIPTION,THEME,PRODUCTEUR_NOM,PRODUCTEUR_SIRET,COUV_SPAT_MAILLE,COUV_SPAT_NOM,COUV_TEMP_DEBUT,COUV_TEMP_FIN,DATE_PUBL,FREQ_MAJ,DATE_MAJ,MOTS_CLES,LICENCE,NOMBRE_RESSOURCES,FORMAT_RESSOURCES,URL',
    );
    expect(csv.text).toContain('filaire-voirie,Filaire de voirie du territoire');
    const jsonld = await call('GET', '/api/v1/catalogue.jsonld');
    expect(jsonld.headers.get('content-type')).toContain('application/ld+json');
    expect(jsonld.body['dcat:dataset']).toContainEqual(expect.objectContaining({ 'dct:identifier': 'filaire-voirie' }));
  });

  it.each([
    ['a town on the territory’s record', BOULOGNE, 'filaire-voirie', record, 403, 'metadata_actor_not_allowed'],
    ['a record without a title', DIGIT, 'vide', { ...record, title: '' }, 400, 'invalid_request'],
    [
      'a record ending before it starts',
      DIGIT,
      'a-rebours',
      { ...record, temporalExtent: { start: '2024-12-31', end: '2024-01-01' } },
      400,
      'metadata_invalid',
    ],
    ['a record with an unknown field', DIGIT, 'inconnu', { ...record, auteur: 'x' }, 400, 'invalid_request'],
  ])('R-DX-3, R-DX-6: %s is refused, nothing stored', async (_, as, identifier, body, status, error) => {
    const head = await system.infra.store.headPosition();
    const response = await call('PUT', `/api/v1/catalogue/records/${identifier}`, as, body);
    expect([response.status, response.body.error]).toEqual([status, error]);
    expect(await system.infra.store.headPosition()).toBe(head);
  });

  it('R-DX-7: annex 4 lists the agreements; those ending within 90 days are listed apart', async () => {
    const all = await call('GET', '/api/v1/licences');
    expect(all.body.agreements.map((agreement: { id: string }) => agreement.id)).toEqual(
      expect.arrayContaining([
        'pci-cd92',
        'mig92',
        'smart-plateforme-2030',
        'sipperec-bouquet-7',
        'canalisations-udea92',
        'mos-institut-paris-region',
      ]),
    );
    const ending = await call('GET', '/api/v1/licences?endingWithinDays=90&today=2024-09-01');
    expect(ending.body.ending).toHaveLength(4);
    expect(ending.body.ending[0]).toMatchObject({ endsOn: '2024-11-23', daysLeft: 83 });
    expect(ending.body.withUnknownEnd.map((agreement: { id: string }) => agreement.id)).toContain('mos-institut-paris-region');
    expect((await call('GET', '/api/v1/licences?endingWithinDays=-1')).status).toBe(400);
  });

  it('R-SEC-6: the public contracts that have ended, and those ending within 90 days, are alerts', async () => {
    const ended = await call('GET', '/api/v1/licences/alerts?asOf=2026-12-07');
    expect(ended.status).toBe(200);
    expect(ended.body.asOf).toBe('2026-12-07');
    expect(
      ended.body.alerts.map((alert: { kind: string; subject: string; severity: string }) => [alert.kind, alert.subject, alert.severity]),
    ).toEqual([
      ['contract-ended', 'marche-2020033', 'critical'],
      ['contract-ended', 'marche-2020036', 'critical'],
      ['contract-ended', 'marche-2020037', 'critical'],
      ['contract-ended', 'marche-2020038', 'critical'],
    ]);
    expect(ended.body.alerts[0].message).toContain('terminé depuis le 23/11/2024');
    const ending = await call('GET', '/api/v1/licences/alerts?asOf=2024-09-01');
    expect(ending.body.alerts.map((alert: { kind: string }) => alert.kind)).toEqual([
      'contract-ending',
      'contract-ending',
      'contract-ending',
      'contract-ending',
    ]);
    expect((await call('GET', '/api/v1/licences/alerts?asOf=2024-08-01')).body.alerts).toEqual([]);
    expect((await call('GET', '/api/v1/licences/alerts?asOf=demain')).status).toBe(400);
  });
});
