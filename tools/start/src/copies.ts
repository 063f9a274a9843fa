/**
 * How many copies of a service `npm start` runs: `DIGIT_COPIES_<SERVICE>` (e.g.
 * `DIGIT_COPIES_DATA_EXCHANGE=3`), else `DIGIT_COPIES`, else one.
 */
export const copiesOf = (service: string, env: NodeJS.ProcessEnv = process.env): number => {
  const name = `DIGIT_COPIES_${service.toUpperCase().replace(/-/g, '_')}`;
  const [variable, text] = env[name] ? [name, env[name]] : ['DIGIT_COPIES', env.DIGIT_COPIES];
  if (text === undefined || text === '') return 1;
  if (!/^[1-9]\d?$/.test(text))
    throw new Error(
      `${variable} vaut un nombre de copies de 1 à 99, pas « ${text} ». / ${variable} must be a number of copies from 1 to 99, not "${text}".`,
    );
  return Number(text);
};

/** The supervisor's name of copy `index` (from 0): the service's own name for the first. */
export const copyName = (service: string, index: number): string => (index === 0 ? service : `${service}#${index + 1}`);
