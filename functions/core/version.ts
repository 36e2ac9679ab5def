/**
 * The producer stamped into every document, so old outputs can be found and re-run. Kept equal
 * to package.json's version by a test (importing package.json would drag it into every bundle).
 */
export const PRODUCER = { name: "depeche", version: "0.1.0" } as const;
