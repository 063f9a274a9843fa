import {
  ERASED_TEXT,
  findPersonalSpans,
  holdsSealedSpans,
  openFreeText,
  openSealedTexts,
  personsIn,
  sealedSpanKinds,
  sealFreeText,
} from './free-text.js';
import { InMemorySubjectKeyStore } from './subject-key-store.js';

const spans = (text: string) => findPersonalSpans(text).map(({ kind, text: value }) => `${kind}:${value}`);

describe('personal data in free text (issue 15: names, e-mails, phones, addresses of persons, whatever was declared)', () => {
  it('issue 15: finds e-mails, French phones, names with a French given name or a civility, and the address of a person', () => {
    expect(
      spans('Merci de rappeler Marie-Hélène DUPONT au 06 12 34 56 78 ou mh.dupont@example.fr, 12 rue de Sèvres, 92100 Boulogne.'),
    ).toEqual([
      'name:Marie-Hélène DUPONT',
      'phone:06 12 34 56 78',
      'email:mh.dupont@example.fr',
      'postal-address:12 rue de Sèvres, 92100 Boulogne',
    ]);
    expect(spans('Signalé par Mme Villebrumier ; MARTIN Jeanne en copie.')).toEqual(['name:Villebrumier', 'name:MARTIN Jeanne']);
    // A given name not in the list, named by its context: just before the person's contact.
    expect(spans('Rappeler Octave Villebrumier (octave.v@example.fr) ou Hortense Quillebeuf au 01 46 99 12 34.')).toEqual([
      'name:Octave Villebrumier',
      'email:octave.v@example.fr',
      'name:Hortense Quillebeuf',
      'phone:01 46 99 12 34',
    ]);
    expect(spans('Accueil de la Mairie Annexe : 01 46 99 12 34.')).toEqual(['phone:01 46 99 12 34']);
  });

  it('issue 15: streets, schools and squares named after someone are places; a street alone is no person', () => {
    expect(spans('Le plan de la rue Victor Hugo et du lycée Jean Moulin, avenue Marie Curie.')).toEqual([]);
    expect(spans('Nid-de-poule devant le 12 rue de Sèvres.')).toEqual([]);
    expect(spans('Couche cadastre mise à jour pour la commune.')).toEqual([]);
  });

  it('issue 15: spans are grouped by person: a name opens a person, the contacts after it are theirs', () => {
    const persons = personsIn(
      'Contact : Jeanne Martin (jeanne.martin@example.fr, 01 46 99 12 34) puis Paul Girard, paul.girard@example.fr.',
    );
    expect(persons.map(({ identifiers }) => identifiers)).toEqual([
      { name: 'Jeanne Martin', email: 'jeanne.martin@example.fr', phone: '01 46 99 12 34' },
      { name: 'Paul Girard', email: 'paul.girard@example.fr' },
    ]);
  });

  it("issue 15: each person's spans are sealed with their key; the rest reads; erasing one person erases only theirs", async () => {
    const keys = new InMemorySubjectKeyStore();
    const text = 'Rappeler Jeanne Martin au 06 12 34 56 78. Copie à Paul Girard.';
    const subjects = new Map([
      ['Jeanne Martin', 'p-jeanne'],
      ['Paul Girard', 'p-paul'],
    ]);
    const sealed = await sealFreeText(text, async (person) => subjects.get(person.identifiers.name!)!, keys);
    expect(sealed.persons).toBe(2);
    expect(sealed.text).toMatch(/^Rappeler ⟦name\|pd:v1:p-jeanne:.+⟧ au ⟦phone\|pd:v1:p-jeanne:.+⟧\. Copie à ⟦name\|pd:v1:p-paul:.+⟧\.$/);
    expect(sealed.text).not.toMatch(/Jeanne|Martin|12 34|Paul|Girard/);
    expect(holdsSealedSpans(sealed.text)).toBe(true);
    expect(sealedSpanKinds(sealed.text).sort()).toEqual(['name', 'phone']);
    expect(await openFreeText(sealed.text, keys)).toBe(text);

    await keys.destroy('p-jeanne');
    expect(await openFreeText(sealed.text, keys)).toBe(`Rappeler ${ERASED_TEXT} au ${ERASED_TEXT}. Copie à Paul Girard.`);
    expect(await openSealedTexts({ need: sealed.text, page: [{ note: sealed.text }], count: 2 }, keys)).toEqual({
      need: `Rappeler ${ERASED_TEXT} au ${ERASED_TEXT}. Copie à Paul Girard.`,
      page: [{ note: `Rappeler ${ERASED_TEXT} au ${ERASED_TEXT}. Copie à Paul Girard.` }],
      count: 2,
    });
  });

  it('issue 15: a name the person index knows is sealed even without a given name or a contact beside it', async () => {
    const keys = new InMemorySubjectKeyStore();
    const text = "C'est fait, Hortense Quillebeuf est ajoutée à la liste de la Mairie Annexe.";
    const asked: string[][] = [];
    const known = async (candidates: readonly string[]) => {
      asked.push([...candidates]);
      return new Set(candidates.filter((candidate) => candidate === 'Hortense Quillebeuf'));
    };
    const sealed = await sealFreeText(text, async () => 'p-hortense', keys, known);
    expect(asked).toEqual([['Hortense Quillebeuf']]);
    expect(sealed.text).toMatch(/^C'est fait, ⟦name\|pd:v1:p-hortense:[^⟧]+⟧ est ajoutée à la liste de la Mairie Annexe\.$/);
  });

  it('issue 15: a text without personal data is stored as typed; a forged token reads as typed', async () => {
    const keys = new InMemorySubjectKeyStore();
    expect(await sealFreeText('Merci pour la mise à jour du cadastre.', async () => 'p-x', keys)).toEqual({
      text: 'Merci pour la mise à jour du cadastre.',
      persons: 0,
    });
    const forged = `⟦name|pd:v1:p-x:${'A'.repeat(16)}:${'B'.repeat(22)}==:Zm9v⟧`;
    await keys.create('p-x');
    expect(await openFreeText(forged, keys)).toBe(forged);
    // Without the keys (an auditors' replay not given them), a text stays sealed: never read as erased.
    const sealed = await sealFreeText('Appeler Jeanne Martin.', async () => 'p-jeanne', keys);
    expect(await openFreeText(sealed.text, new InMemorySubjectKeyStore())).toBe(sealed.text);
  });
});

describe('free text at its limits (issue 15, issue 18)', () => {
  it('issue 15: a text of 10,000 characters in one word is searched in linear time', () => {
    const started = performance.now();
    expect(findPersonalSpans(`Besoin ${'n'.repeat(9_990)} ${'a'.repeat(5_000)}@`)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
