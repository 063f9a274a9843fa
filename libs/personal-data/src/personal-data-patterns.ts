/**
 * What personal data looks like in what the towns and persons write (issues 6 and 15): the one
 * place for these patterns, read by the privacy service's dataset detection and by the sealing
 * of free text in the event store.
 */
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** French numbers: 01 46 99 12 34, 06.12.34.56.78, +33 1 46 99 12 34, +33 (0)1..., 0033146991234. */
export const FRENCH_PHONE_PATTERN = /(?<![\d+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)/;

/** "M. Dupont", "Mme Jeanne Martin", "Monsieur Paul": a civility followed by a capitalised name. */
export const CIVILITY_NAME_PATTERN = /(?:^|[^\p{L}])(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle)\s+\p{Lu}[\p{L}'-]+/u;

/** "12 rue de Sèvres", "3 bis, avenue Victor Hugo". */
export const STREET_ADDRESS_PATTERN =
  /(?<!\d)\d{1,4}\s*(?:bis|ter|quater|[a-d])?\s*,?\s+(?:rue|avenue|av\.|bd|boulevard|place|all[ée]e|impasse|chemin|quai|route|square|cours|villa|passage|sentier|sente|cit[ée]|rond-point|esplanade|parvis|promenade|r[ée]sidence|hameau|voie)(?!\p{L})/iu;

/** Case, accents and punctuation aside: `Hélène` and `HELENE` read `helene`. */
export const foldFrench = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** First words of names that are places, not people ("Allée Marie Curie" is a road, "école Jean Jaurès" a school). */
export const PLACE_WORDS: ReadonlySet<string> = new Set([
  'rue',
  'avenue',
  'allee',
  'place',
  'boulevard',
  'bd',
  'square',
  'parc',
  'jardin',
  'ecole',
  'college',
  'lycee',
  'gymnase',
  'stade',
  'piscine',
  'mairie',
  'eglise',
  'impasse',
  'chemin',
  'quai',
  'villa',
  'passage',
  'sentier',
  'sente',
  'route',
  'cours',
  'cite',
  'residence',
  'centre',
  'gare',
  'station',
  'marche',
  'bibliotheque',
  'mediatheque',
  'musee',
  'creche',
  'hopital',
  'pont',
  'esplanade',
  'parking',
  'foret',
  'bois',
  'ile',
  'espace',
  'salle',
  'maison',
  'conservatoire',
  'theatre',
  'hotel',
  'tour',
  'promenade',
  'parvis',
  'groupe',
  'halle',
  'saint',
  'sainte',
  'st',
  'ste',
  'fondation',
  'institut',
  'lycee',
  'metro',
  'rer',
  'quartier',
  'pavillon',
]);

/**
 * Common French given names (INSEE's most given since 1940, folded): a capitalised word after
 * one of them, or an upper-case word before one, reads as a person's name.
 */
export const FRENCH_FIRST_NAMES: ReadonlySet<string> = new Set(
  (
    'adam adele adrien agathe agnes alain albert alexandra alexandre alexis alfred alice aline alix amandine ambre amelie ' +
    'anais andre andree angelique anne annette annick annie antoine antonin apolline arnaud arthur aude audrey augustin aurelie ' +
    'aurelien axel baptiste basile beatrice benedicte benjamin benoit bernadette bernard bertrand blanche brigitte bruno camille ' +
    'capucine carole caroline catherine cecile celine chantal charles charlotte chloe christelle christian christiane christine ' +
    'christophe claire clara claude claudine clement clementine colette corinne cyril cyrille damien daniel daniele danielle ' +
    'david delphine denis denise didier dominique dorothee eddy edith edouard eleonore eliane elisa elisabeth elise ella elodie ' +
    'eloise emile emilie emma emmanuel emmanuelle eric estelle ethan etienne eugene eva evelyne fabien fabienne fabrice fanny ' +
    'florence florian francine francis franck francois francoise frederic frederique gabriel gabrielle gael gaelle gaspard ' +
    'genevieve georges gerard germaine gilbert gilles ginette gisele guillaume guy gwenaelle helene henri herve hugo hugues ' +
    'ines irene isabelle jacqueline jacques jade jean jeanne jeannine jeremy jerome joel joelle johan jonathan jordan joseph ' +
    'josette josiane judith jules julia julie julien juliette justine karine kevin laetitia laure laurence laurent lea leo ' +
    'leon leonie lilou lina lionel lisa loic louis louise luc luca lucas lucie lucien lucienne ludovic lydie madeleine maelle ' +
    'manon marc marcel marcelle margaux margot marguerite marie marine marion marius marthe martin martine mathieu mathilde ' +
    'mathis matheo matthieu maud maurice maxence maxime melanie michel micheline michele mickael mireille monique morgane ' +
    'muriel myriam nadia nadine nathalie nathan nicolas nicole noah noel noemie oceane odette odile olivier olivia pascal ' +
    'pascale patrice patricia patrick paul paule pauline philippe pierre quentin raphael raphaelle raymond regine remi remy ' +
    'renee richard robert robin roger romain rose roselyne sabine sacha samuel sandra sandrine sarah sebastien serge severine ' +
    'simon simone solange sophie stephane stephanie suzanne sylvain sylvie theo theophile therese thibault thierry thomas ' +
    'timothee tom tristan valentin valerie vanessa veronique victor victoire vincent violette virginie xavier yann yannick ' +
    'yves yvette yvonne zoe'
  ).split(' '),
);
