// actlab's version, recorded in every run's config.json. A literal, so the core needs no file access to know it;
// version.test.ts keeps it equal to package.json's.
export const VERSION = '0.1.0';
