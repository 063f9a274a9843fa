import { findProcessing, type RegisterState } from './register.decider.js';
import { importProblemsAsDetails, importRegisterCsv, type RegisterImportContext } from './register-csv-import.js';
import { AT, BOULOGNE, cadastreFiche, declared, registerOf, validated, withdrawnEvent } from './register.test-fixtures.js';

const context: RegisterImportContext = { insee: BOULOGNE, importedAt: AT, importedBy: 'dpd:92012:mlefevre' };
const empty = registerOf([]);

/** Column headers of the CNIL register model's fiche, as a DPD's spreadsheet would carry them. */
const CNIL_HEADER = [
  'N°',
  "Nom de l'activité",
  'Objectifs poursuivis',
  'Base légale',
  'Catégories de personnes concernées',
  'Catégories de données collectées',
  'Des données sensibles sont-elles traitées ?',
  "Exception de l'article 9",
  'Destinataires internes',
  'Organismes externes',
  'Sous-traitants',
  'Transferts des données hors UE',
  'Durées de conservation des catégories de données',
  'Mesures de sécurité',
  'Nom du logiciel ou de l’application',
  'Statut',
  'Observations',
].join(';');

const CNIL_ROWS = [
  'TRT-001;Consultation du cadastre;"Instruction des demandes d\'urbanisme\nInformation des riverains";Mission d\'intérêt public (art. 6.1.e);Propriétaires de parcelles;"Identité (nom, prénom), adresse postale, propriétaires (MAJIC)";Non;;Service urbanisme;DIGIT (EPT GPSO);;Non;Millésime MAJIC remplacé chaque année;Contrôle d\'accès des utilisateurs, Traçabilité;SIG web GPSO;Validé;à revoir en 2025',
  "TRT-002;Signalements des habitants;Traitement des signalements sur l'espace public;Intérêt public;Habitants;Coordonnées, Photographies;Oui : données de santé;Art. 9.2.g;Services techniques;;Éditeur de l'application (hébergeur);États-Unis (clauses contractuelles types);3 ans après clôture du signalement;Chiffrement des données;;Brouillon;",
];

const csvOf = (header: string, rows: readonly string[], eol = '\n'): string => [header, ...rows].join(eol) + eol;

const imported = (csv: string, register: RegisterState = empty) => {
  const result = importRegisterCsv(csv, register, context);
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors)}`);
  return result;
};
const failed = (csv: string, register: RegisterState = empty) => {
  const result = importRegisterCsv(csv, register, context);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};

describe('register CSV import (the register the DPD already keeps)', () => {
  it('R-GDPR-1: a CNIL-model register with ";" is read into declare and validate commands', () => {
    const result = imported(csvOf(CNIL_HEADER, CNIL_ROWS));
    expect(result.rows).toBe(2);
    expect(result.commands.map((command) => `${command.type} ${command.data.reference}`)).toEqual([
      'DeclareProcessing TRT-001',
      'ValidateProcessing TRT-001',
      'DeclareProcessing TRT-002',
    ]);
    expect(result.ignoredHeaders).toEqual(['Observations']);
    const register = registerOf(result.events);
    expect(findProcessing(register, 'TRT-001')).toMatchObject({
      status: 'validated',
      fiche: {
        name: 'Consultation du cadastre',
        purposes: ["Instruction des demandes d'urbanisme", 'Information des riverains'],
        legalBases: ['public-interest-mission'],
        dataSubjects: ['Propriétaires de parcelles'],
        dataCategories: ['identity', 'postal-address', 'cadastral-owner'],
        recipients: ['Service urbanisme', 'DIGIT (EPT GPSO)'],
        transfersOutsideEu: [],
        securityMeasures: ["Contrôle d'accès des utilisateurs", 'Traçabilité'],
        software: 'SIG web GPSO',
      },
    });
    expect(findProcessing(register, 'TRT-002')).toMatchObject({
      status: 'draft',
      fiche: {
        dataCategories: ['email', 'phone', 'postal-address', 'images', 'health'],
        sensitiveDataException: 'Art. 9.2.g',
        recipients: ['Services techniques', "Éditeur de l'application (hébergeur)"],
        transfersOutsideEu: [{ country: 'États-Unis', safeguards: 'clauses contractuelles types' }],
      },
    });
  });

  it('R-GDPR-1: a "," separated file with the usual art. 30 headers, CRLF and a BOM is read too', () => {
    const csv =
      '\uFEFF' +
      csvOf(
        'Référence,Nom du traitement,Finalité(s),Base juridique,Personnes concernées,Catégories de données,Destinataires,Transferts hors UE,Durée de conservation,Mesures de sécurité,État',
        [
          'TRT-010,Listes électorales,Tenue des listes,Obligation légale,Électeurs,"Identité, adresse",Service élections,Aucun,Jusqu\'à radiation,Contrôle d\'accès,validée',
        ],
        '\r\n',
      );
    const register = registerOf(imported(csv).events);
    expect(findProcessing(register, 'TRT-010')).toMatchObject({
      status: 'validated',
      fiche: { legalBases: ['legal-obligation'], dataCategories: ['identity', 'postal-address'] },
    });
  });

  it('R-GDPR-1: categories outside the vocabulary are kept and reported as warnings, not errors', () => {
    const csv = csvOf('Référence;Nom;Catégories de données', ['TRT-020;Dossiers;"Nom, Pièces du dossier"']);
    const result = imported(csv);
    expect(registerOf(result.events).processings.get('TRT-020')?.fiche).toMatchObject({
      dataCategories: ['identity'],
      otherDataCategories: ['Pièces du dossier'],
    });
    expect(result.warnings).toEqual([expect.objectContaining({ line: 2, column: 'Catégories de données' })]);
  });

  it.each<[string, string, string, number, string | null, string]>([
    ['an unknown legal basis', 'Référence;Nom;Base légale', 'TRT-1;A;Bon vouloir', 2, 'Base légale', 'base légale non reconnue'],
    [
      'a bare "Oui" for sensitive data',
      'Référence;Nom;Données sensibles',
      'TRT-1;A;Oui',
      2,
      'Données sensibles',
      'précisez quelles données sensibles',
    ],
    [
      'a non-sensitive item as sensitive data',
      'Référence;Nom;Données sensibles',
      'TRT-1;A;Oui : téléphone',
      2,
      'Données sensibles',
      "n'est pas une donnée sensible",
    ],
    [
      'a transfer without safeguards',
      'Référence;Nom;Transferts hors UE',
      'TRT-1;A;Oui : Inde',
      2,
      'Transferts hors UE',
      'garanties du transfert vers « Inde »',
    ],
    ['an unknown status', 'Référence;Nom;Statut', 'TRT-1;A;Archivé', 2, 'Statut', 'statut non reconnu'],
    ['no reference', 'Référence;Nom', ';A', 2, 'Référence', 'référence du traitement est obligatoire'],
    ['a malformed reference', 'Référence;Nom', 'TRT 1;A', 2, 'Référence', 'référence invalide'],
    ['a missing name', 'Référence;Nom', 'TRT-1; ', 2, 'Nom', 'le nom du traitement est obligatoire'],
    ['too many cells', 'Référence;Nom', 'TRT-1;A;B', 2, null, 'la ligne compte 3 colonnes'],
    [
      'a row marked validated but incomplete',
      'Référence;Nom;Statut',
      'TRT-1;A;Validé',
      2,
      'Objectifs poursuivis',
      'indiquez au moins une finalité',
    ],
  ])('R-GDPR-1: %s is reported at its line and column', (_, header, row, line, column, message) => {
    const errors = failed(csvOf(header, [row]));
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ line, column, message: expect.stringContaining(message) })]));
  });

  it('R-GDPR-1: every bad row is reported, with its own line, and nothing is imported', () => {
    const csv = csvOf('Référence;Nom;Base légale', [
      'TRT-1;Bon;Consentement',
      'TRT-2;Mauvais;Bon vouloir',
      'TRT-3;"Sur\ndeux lignes";Caprice',
      'TRT-1;Doublon;Contrat',
    ]);
    const errors = failed(csv);
    expect(errors.map((error) => error.line)).toEqual([3, 4, 6]);
    expect(errors[2]!.message).toContain('figure déjà ligne 2');
  });

  it.each<[string, string, number, string]>([
    ['no separator', 'Référence\nTRT-1\n', 1, 'séparateur introuvable'],
    ['a missing reference column', 'Nom;Finalité\nA;B\n', 1, 'colonne obligatoire absente : « Référence »'],
    ['two columns for the same thing', 'Référence;Nom;Finalité;Objectifs poursuivis\nT;A;B;C\n', 1, 'désignent la même information'],
    ['an unclosed quote', 'Référence;Nom\nTRT-1;"A\n', 2, 'guillemet'],
    ['no processing at all', 'Référence;Nom\n\n', 1, 'aucun traitement'],
  ])('R-GDPR-1: a file with %s is refused', (_, csv, line, message) => {
    expect(failed(csv)).toEqual([expect.objectContaining({ line, message: expect.stringContaining(message) })]);
  });

  it('R-GDPR-1: re-importing the same register changes nothing', () => {
    const csv = csvOf(CNIL_HEADER, CNIL_ROWS);
    const register = registerOf(imported(csv).events);
    expect(imported(csv, register).events).toEqual([]);
  });

  it('R-GDPR-2: an import that changes a validated processing sends it back to draft unless the row says validated', () => {
    const register = registerOf([declared('TRT-001'), validated('TRT-001')]);
    const csv = csvOf('Référence;Nom;Statut', [`TRT-001;Nouveau nom;Brouillon`]);
    const result = imported(csv, register);
    expect(result.events).toEqual([
      expect.objectContaining({ type: 'ProcessingUpdated', data: expect.objectContaining({ validationLapsed: true }) }),
    ]);
  });

  it('R-GDPR-1: a withdrawn processing cannot come back through an import', () => {
    const register = registerOf([declared('TRT-001'), withdrawnEvent('TRT-001')]);
    const errors = failed(csvOf('Référence;Nom', [`TRT-001;${cadastreFiche.name}`]), register);
    expect(errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('retiré du registre') })]);
  });

  it('R-GDPR-1: import problems become API error details with line and column', () => {
    expect(
      importProblemsAsDetails([
        { line: 3, column: 'Base légale', message: 'm' },
        { line: 1, column: null, message: 'n' },
      ]),
    ).toEqual([
      { path: 'ligne 3 / Base légale', message: 'm' },
      { path: 'ligne 1', message: 'n' },
    ]);
  });
});
