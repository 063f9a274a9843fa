import type { DetectableCategory } from './personal-data-category.js';
import { detectPersonalData, type ContentSample } from './personal-data-detection.js';

const rows = (...records: Record<string, unknown>[]): ContentSample => ({ records });

describe('personal data detection in a content sample', () => {
  it.each<[string, ContentSample, DetectableCategory[]]>([
    ['name columns (nom, prénom)', rows({ Nom: 'Dupont', Prénom: 'Jeanne' }), ['identity']],
    ['English name columns', rows({ firstName: 'Jeanne', last_name: 'Dupont' }), ['identity']],
    ['a named person qualifier', rows({ nom_demandeur: 'Dupont' }), ['identity']],
    ['a civility in free text', rows({ besoin: 'Merci de rappeler Mme Durand demain' }), ['identity']],
    ['an e-mail column', rows({ courriel: 'jeanne.dupont@example.fr' }), ['email']],
    ['an e-mail inside free text', rows({ contexte: 'écrire à j.dupont@exemple.org pour le suivi' }), ['email']],
    ['a phone column', rows({ 'Téléphone portable': '06 12 34 56 78' }), ['phone']],
    ['a +33 number in free text', rows({ contexte: 'joignable au +33 1 46 99 12 34' }), ['phone']],
    ['a dotted 0x number', rows({ contact_info: '01.46.99.12.34' }), ['phone']],
    ['a parcel owner column', rows({ parcelle: '92012000AB0123', proprietaire: 'SCI Les Tilleuls' }), ['cadastral-owner']],
    [
      'MAJIC owner columns',
      rows({ idpar: '92012000AB0123', ddenom: 'DUPONT/JEANNE', dlign4: '12 RUE DE SEVRES' }),
      ['postal-address', 'cadastral-owner'],
    ],
    ['an owner address column', rows({ adresse_proprietaire: '12 rue de Sèvres 92100 Boulogne' }), ['postal-address']],
    ['a home address column', rows({ adresse_domicile: '3 bis avenue Victor Hugo' }), ['postal-address']],
    ['addresses next to names', rows({ nom: 'Dupont', adresse: '12 rue de Sèvres' }), ['identity', 'postal-address']],
    [
      'nested JSON of a support request',
      rows({ requester: { name: 'Paul Martin', email: 'p.martin@example.fr' }, need: 'Carte' }),
      ['identity', 'email'],
    ],
    ['a header without rows', { columns: ['id', 'prenom', 'email'], records: [] }, ['identity', 'email']],
  ])('R-GDPR-2: detects %s', (_, sample, expected) => {
    expect(detectPersonalData(sample).categories).toEqual(expected);
  });

  it.each<[string, ContentSample]>([
    ['a road registry (road names honour people)', rows({ nom_voie: 'Allée Marie Curie', numero: 12, code_insee: '92012' })],
    ['a bare "nom" column holding places', rows({ nom: 'Rue de Paris' }, { nom: 'Parc de Billancourt' }, { nom: 'École Denfert' })],
    ['addresses of facilities, no person', rows({ equipement: 'Piscine', adresse: '12 rue de Sèvres' })],
    [
      'an INSEE code, a parcel id, a SIRET, coordinates, dates',
      rows({ insee: '92012', idpar: '92012000AB0123', siret: '21920012300017', lon: 2.2401, lat: 48.8352, date: '2024-03-02' }),
    ],
    ['"Monsieur le Maire" (no name)', rows({ objet: 'Courrier de Monsieur le Maire' })],
    ['an IP address column', rows({ adresse_ip: '192.168.1.10', nom_couche: 'Voirie' })],
  ])('R-GDPR-2: finds nothing personal in %s', (_, sample) => {
    expect(detectPersonalData(sample).categories).toEqual([]);
  });

  it('R-GDPR-2: a bare "nom" column holding people counts as names', () => {
    expect(detectPersonalData(rows({ nom: 'Dupont' }, { nom: 'Martin' })).categories).toEqual(['identity']);
  });

  it('R-GDPR-2: evidence names the column, the method and a count, never the values', () => {
    const sample = rows(
      { nom: 'Dupont', contact: 'jeanne.dupont@example.fr', tel: '0612345678' },
      { nom: 'Haddad', contact: 'lina.haddad@example.fr', tel: '' },
    );
    const detection = detectPersonalData(sample);
    expect(detection.recordsScanned).toBe(2);
    expect(detection.found).toEqual([
      { category: 'identity', evidence: [{ column: 'nom', by: 'column-name', count: 2 }] },
      { category: 'email', evidence: [{ column: 'contact', by: 'value-pattern', count: 2 }] },
      {
        category: 'phone',
        evidence: [
          { column: 'tel', by: 'column-name', count: 1 },
          { column: 'tel', by: 'value-pattern', count: 1 },
        ],
      },
    ]);
    const serialised = JSON.stringify(detection);
    for (const value of ['Dupont', 'Haddad', 'jeanne', 'example.fr', '0612345678']) expect(serialised).not.toContain(value);
  });
});
