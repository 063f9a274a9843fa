import { contentSampleFromCsv, contentSampleFromJson } from './content-sample.js';
import { detectPersonalData } from './personal-data-detection.js';

describe('content samples for the personal-data check', () => {
  it('R-GDPR-2: a ";" CSV dataset becomes records keyed by its header, limited to the sample size', () => {
    const csv = '\uFEFFnom;courriel\r\nDupont;j.dupont@example.fr\r\nMartin;p.martin@example.fr\r\nDurand;\r\n';
    expect(contentSampleFromCsv(csv, 2)).toEqual({
      columns: ['nom', 'courriel'],
      records: [
        { nom: 'Dupont', courriel: 'j.dupont@example.fr' },
        { nom: 'Martin', courriel: 'p.martin@example.fr' },
      ],
    });
  });

  it('R-GDPR-2: a header-only "," CSV still shows its columns', () => {
    expect(detectPersonalData(contentSampleFromCsv('id,prenom,telephone\n')).categories).toEqual(['identity', 'phone']);
  });

  it.each<[string, unknown, number]>([
    ['an array of records', [{ a: 1 }, { a: 2 }, 'not a record'], 2],
    [
      'a GeoJSON FeatureCollection (properties only)',
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { nom: 'Dupont' }, geometry: null }] },
      1,
    ],
    ['one support request', { need: 'Carte', requester: { email: 'x@example.fr' } }, 1],
  ])('R-GDPR-2: JSON as %s becomes records', (_, json, count) => {
    expect(contentSampleFromJson(json).records).toHaveLength(count);
  });
});
